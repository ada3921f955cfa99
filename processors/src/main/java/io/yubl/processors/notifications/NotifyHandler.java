package io.yubl.processors.notifications;

import io.yubl.middleware.KinesisEventHandler;
import io.yubl.middleware.SqsDeadLetters;

/** notify on Lambda: Kinesis events stream, user and yubl events. */
public class NotifyHandler extends KinesisEventHandler {
    private static final Notify NOTIFY = Notify.fromEnvironment();

    public NotifyHandler() {
        super(NOTIFY.routes(), SqsDeadLetters.fromEnvironment("EVENTS_DLQ_URL"));
    }
}
