package io.yubl.processors.distribute;

import io.yubl.middleware.KinesisEventHandler;
import io.yubl.middleware.SqsDeadLetters;

/** distribute-yubl on Lambda: Kinesis events stream, yubl-posted. */
public class DistributeYublHandler extends KinesisEventHandler {
    private static final DistributeYubl DISTRIBUTE = DistributeYubl.fromEnvironment();

    public DistributeYublHandler() {
        super(DISTRIBUTE.routes(), SqsDeadLetters.fromEnvironment("EVENTS_DLQ_URL"));
    }
}
