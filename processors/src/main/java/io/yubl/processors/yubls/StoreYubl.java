package io.yubl.processors.yubls;

import io.yubl.contracts.EventEnvelope;
import io.yubl.contracts.YublDeleted;
import io.yubl.contracts.YublPosted;
import io.yubl.middleware.EventRoutes;
import io.yubl.runtime.Metrics;
import io.yubl.stores.Dynamo;
import io.yubl.stores.FeedRepository;
import io.yubl.stores.Yubl;
import io.yubl.stores.YublRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * store-yubl: keeps the yubls table that feeds are hydrated from. A posted yubl is stored; a deleted one becomes a
 * tombstone and is removed from every feed it reached, if its author asked: a delete in anyone else's name is ignored,
 * with a metric ({@code DeletesByOthersIgnored}) and a log line. Both are idempotent.
 */
public final class StoreYubl {
    private static final Logger LOG = LoggerFactory.getLogger(StoreYubl.class);

    private final YublRepository yubls;
    private final FeedRepository feeds;

    public StoreYubl(YublRepository yubls, FeedRepository feeds) {
        this.yubls = yubls;
        this.feeds = feeds;
    }

    public static StoreYubl fromEnvironment() {
        DynamoDbClient dynamodb = Dynamo.client();
        return new StoreYubl(YublRepository.fromEnvironment(dynamodb), FeedRepository.fromEnvironment(dynamodb));
    }

    /** The events it takes, and what it does with each. */
    public EventRoutes routes() {
        return EventRoutes.on(YublPosted.class, (posted, event) -> posted(posted))
                .and(YublDeleted.class, this::deleted);
    }

    void posted(YublPosted posted) {
        if (yubls.putIfAbsent(new Yubl(posted.yublId(), posted.authorId(), posted.text(), posted.postedAt()))
                .isEmpty()) {
            Metrics.count("DeletedYublsNotRestored", 1);
        }
    }

    void deleted(YublDeleted deleted, EventEnvelope event) {
        if (!yubls.delete(deleted.yublId(), deleted.authorId(), event.occurredAt())) {
            Metrics.count("DeletesByOthersIgnored", 1);
            LOG.atWarn()
                    .addKeyValue("yublId", deleted.yublId())
                    .addKeyValue("claimedAuthorId", deleted.authorId())
                    .log("yubl-deleted ignored: the yubl was written by someone else");
            return;
        }
        Metrics.count("FeedItemsRemoved", feeds.removeEverywhere(deleted.yublId()));
    }
}
