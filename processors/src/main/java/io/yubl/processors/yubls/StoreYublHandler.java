package io.yubl.processors.yubls;

import io.yubl.contracts.EventType;
import io.yubl.middleware.KinesisEventHandler;
import io.yubl.middleware.SqsDeadLetters;

import java.util.Set;

/** store-yubl on Lambda: Kinesis events stream, yubl-posted and yubl-deleted. */
public class StoreYublHandler extends KinesisEventHandler {
    private static final StoreYubl STORE = StoreYubl.fromEnvironment();

    public StoreYublHandler() {
        super(Set.of(EventType.YUBL_POSTED, EventType.YUBL_DELETED), STORE::process, SqsDeadLetters.fromEnvironment("EVENTS_DLQ_URL"));
    }
}
