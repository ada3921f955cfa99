package io.yubl.processors.search;

import io.yubl.contracts.EventType;
import io.yubl.middleware.KinesisEventHandler;
import io.yubl.middleware.SqsDeadLetters;

import java.util.Set;

/** index-user on Lambda: Kinesis events stream, user-joined and user-profile-updated. */
public class IndexUserHandler extends KinesisEventHandler {
    private static final IndexUser INDEX = IndexUser.fromEnvironment();

    public IndexUserHandler() {
        super(Set.of(EventType.USER_JOINED, EventType.USER_PROFILE_UPDATED), INDEX::process,
                SqsDeadLetters.fromEnvironment("EVENTS_DLQ_URL"));
    }
}
