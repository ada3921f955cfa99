package io.yubl.processors.search;

import io.yubl.middleware.KinesisEventHandler;
import io.yubl.middleware.SqsDeadLetters;

/** index-user on Lambda: Kinesis events stream, user-joined and user-profile-updated. */
public class IndexUserHandler extends KinesisEventHandler {
    private static final IndexUser INDEX = IndexUser.fromEnvironment();

    public IndexUserHandler() {
        super(INDEX.routes(), SqsDeadLetters.fromEnvironment("EVENTS_DLQ_URL"));
    }
}
