package io.yubl.processors.relationships;

import io.yubl.contracts.EventType;
import io.yubl.middleware.KinesisEventHandler;
import io.yubl.middleware.SqsDeadLetters;

import java.util.Set;

/** record-relationship on Lambda: Kinesis events stream, user-followed and user-unfollowed. */
public class RecordRelationshipHandler extends KinesisEventHandler {
    private static final RecordRelationship RECORD = RecordRelationship.fromEnvironment();

    public RecordRelationshipHandler() {
        super(Set.of(EventType.USER_FOLLOWED, EventType.USER_UNFOLLOWED), RECORD::process,
                SqsDeadLetters.fromEnvironment("EVENTS_DLQ_URL"));
    }
}
