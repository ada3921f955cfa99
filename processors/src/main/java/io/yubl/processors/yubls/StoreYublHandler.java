package io.yubl.processors.yubls;

import io.yubl.middleware.KinesisEventHandler;
import io.yubl.middleware.SqsDeadLetters;

/** store-yubl on Lambda: Kinesis events stream, yubl-posted and yubl-deleted. */
public class StoreYublHandler extends KinesisEventHandler {
    private static final StoreYubl STORE = StoreYubl.fromEnvironment();

    public StoreYublHandler() {
        super(STORE.routes(), SqsDeadLetters.fromEnvironment("EVENTS_DLQ_URL"));
    }
}
