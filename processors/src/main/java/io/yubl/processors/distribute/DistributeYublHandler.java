package io.yubl.processors.distribute;

import io.yubl.contracts.EventType;
import io.yubl.middleware.KinesisEventHandler;
import io.yubl.middleware.SqsDeadLetters;

import java.util.Set;

/** distribute-yubl on Lambda: Kinesis events stream, yubl-posted. */
public class DistributeYublHandler extends KinesisEventHandler {
    private static final DistributeYubl DISTRIBUTE = DistributeYubl.fromEnvironment();

    public DistributeYublHandler() {
        super(Set.of(EventType.YUBL_POSTED), DISTRIBUTE::process, SqsDeadLetters.fromEnvironment("EVENTS_DLQ_URL"));
    }
}
