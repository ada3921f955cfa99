package io.yubl.processors.feed;

import io.yubl.contracts.FeedFanoutMessage;
import io.yubl.middleware.Environment;
import io.yubl.middleware.Metrics;
import io.yubl.stores.Dynamo;
import io.yubl.stores.FeedRepository;
import io.yubl.stores.YublRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * add-to-feed: writes a yubl into each follower's feed of one fan-out batch (BatchWriteItem, 25 a call, unprocessed
 * items retried). Idempotent: the same message twice leaves one item per feed. A yubl deleted meanwhile is not
 * written. Feeds are kept to the newest {@code FEED_CAP} items (default 800); the trimming of a feed costs a query,
 * so it runs for about one write in {@code FEED_TRIM_EVERY} (default 50) per feed, chosen by hash, and a feed can
 * briefly hold up to that many items over the cap.
 */
public final class AddToFeed {
    private static final Logger LOG = LoggerFactory.getLogger(AddToFeed.class);

    private final FeedRepository feeds;
    private final YublRepository yubls;
    private final FeedTrimming trimming;

    public AddToFeed(FeedRepository feeds, YublRepository yubls, FeedTrimming trimming) {
        this.feeds = feeds;
        this.yubls = yubls;
        this.trimming = trimming;
    }

    public static AddToFeed fromEnvironment() {
        DynamoDbClient dynamodb = Dynamo.client();
        return new AddToFeed(FeedRepository.fromEnvironment(dynamodb), YublRepository.fromEnvironment(dynamodb),
                new FeedTrimming(Environment.integer("FEED_CAP", 800), Environment.integer("FEED_TRIM_EVERY", 50)));
    }

    public void process(FeedFanoutMessage message) {
        if (yubls.isDeleted(message.yublId())) {
            Metrics.count("DeletedYublsSkipped", 1);
            LOG.atInfo().addKeyValue("yublId", message.yublId()).log("yubl deleted before it reached these feeds; skipped");
            return;
        }
        feeds.add(message.yublId(), message.authorId(), message.postedAt(), message.followerIds());
        Metrics.count("FeedItemsWritten", message.followerIds().size());
        long trimmed = 0;
        for (String userId : message.followerIds()) {
            if (trimming.isDue(userId, message.yublId())) {
                trimmed += feeds.trim(userId, trimming.cap());
            }
        }
        if (trimmed > 0) {
            Metrics.count("FeedItemsTrimmed", trimmed);
        }
        LOG.atInfo().addKeyValue("yublId", message.yublId()).addKeyValue("feeds", message.followerIds().size())
                .addKeyValue("trimmed", trimmed).log("yubl added to feeds");
    }
}
