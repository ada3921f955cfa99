package io.yubl.processors.notifications;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.yubl.middleware.Invocation;
import java.util.Map;

/** email-digest on Lambda: an EventBridge schedule (the event itself carries nothing the run needs). */
public class EmailDigestsHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private static final EmailDigests DIGESTS = EmailDigests.fromEnvironment();

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        return Invocation.around(context, () -> {
            EmailDigests.Run run = DIGESTS.run();
            return Map.of(
                    "recipients",
                    run.recipients(),
                    "emailsSent",
                    run.emailsSent(),
                    "notificationsSent",
                    run.notificationsSent());
        });
    }
}
