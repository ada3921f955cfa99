package io.yubl.middleware;

import com.amazonaws.services.lambda.runtime.Context;
import io.yubl.runtime.Correlation;
import io.yubl.runtime.Environment;
import io.yubl.runtime.Metrics;
import java.util.function.Supplier;
import org.slf4j.MDC;

/** The function and request a thread is working for, on every log line and metric. */
public final class Invocation {
    private static final String FUNCTION = Environment.FUNCTION_KEY;
    private static final String REQUEST_ID = "awsRequestId";

    private Invocation() {}

    /**
     * Runs one invocation's work with the function and request on its log lines, and its metrics written at the end.
     */
    public static <T> T around(Context context, Supplier<T> work) {
        begin(context);
        try {
            return work.get();
        } finally {
            end();
        }
    }

    static void begin(Context context) {
        if (context != null) {
            MDC.put(FUNCTION, context.getFunctionName());
            MDC.put(REQUEST_ID, context.getAwsRequestId());
        }
        Metrics.beginInvocation();
    }

    static void end() {
        Metrics.endInvocation();
        Correlation.end();
        MDC.remove(REQUEST_ID);
        MDC.remove(FUNCTION);
    }
}
