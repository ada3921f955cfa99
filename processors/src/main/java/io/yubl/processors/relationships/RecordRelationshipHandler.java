package io.yubl.processors.relationships;

import io.yubl.middleware.KinesisEventHandler;
import io.yubl.middleware.SqsDeadLetters;

/** record-relationship on Lambda: Kinesis events stream, user-followed and user-unfollowed. */
public class RecordRelationshipHandler extends KinesisEventHandler {
    private static final RecordRelationship RECORD = RecordRelationship.fromEnvironment();

    public RecordRelationshipHandler() {
        super(RECORD.routes(), SqsDeadLetters.fromEnvironment("EVENTS_DLQ_URL"));
    }
}
