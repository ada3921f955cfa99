package io.yubl.processors.feed;

import io.yubl.contracts.FeedFanoutMessage;
import io.yubl.runtime.Environment;
import io.yubl.runtime.Metrics;
import io.yubl.stores.Dynamo;
import io.yubl.stores.FeedEntry;
import io.yubl.stores.FeedRepository;
import io.yubl.stores.FollowChecks;
import io.yubl.stores.YublRepository;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * add-to-feed: writes a yubl into each follower's feed of one fan-out batch (BatchWriteItem, 25 a call, unprocessed
 * items retried). Idempotent: the same message twice leaves one item per feed. A yubl deleted meanwhile is not
 * written. Feeds are kept to the newest {@code FEED_CAP} items (default 800); the trimming of a feed costs a query,
 * so it runs for about one write in {@code FEED_TRIM_EVERY} (default 200) per feed, chosen by hash, and a feed can
 * briefly hold up to that many items over the cap.
 *
 * <p>The followers of a message were read before it was sent, so some may have unfollowed the author, or the author
 * deleted the yubl, by the time it is written. Checking before the write leaves a gap: the unfollow (or delete) and
 * its cleanup can both run between the check and the write, and the yubl stays. So the check runs after the write,
 * strongly consistent, and takes back what it finds: an unfollow recorded before the check is seen by it; one
 * recorded after it is followed by its own cleanup, which then sees the item written before. Either way the yubl
 * ends up only with current followers.
 */
public final class AddToFeed {
    private static final Logger LOG = LoggerFactory.getLogger(AddToFeed.class);

    private final FeedRepository feeds;
    private final YublRepository yubls;
    private final FollowChecks follows;
    private final FeedTrimming trimming;

    public AddToFeed(FeedRepository feeds, YublRepository yubls, FollowChecks follows, FeedTrimming trimming) {
        this.feeds = feeds;
        this.yubls = yubls;
        this.follows = follows;
        this.trimming = trimming;
    }

    public static AddToFeed fromEnvironment() {
        DynamoDbClient dynamodb = Dynamo.client();
        return new AddToFeed(
                FeedRepository.fromEnvironment(dynamodb),
                YublRepository.fromEnvironment(dynamodb),
                FollowChecks.fromEnvironment(dynamodb),
                new FeedTrimming(Environment.integer("FEED_CAP", 800), Environment.integer("FEED_TRIM_EVERY", 200)));
    }

    public void process(FeedFanoutMessage message) {
        if (yubls.isDeleted(message.yublId())) {
            Metrics.count("DeletedYublsSkipped", 1);
            LOG.atInfo()
                    .addKeyValue("yublId", message.yublId())
                    .log("yubl deleted before it reached these feeds; skipped");
            return;
        }
        List<FeedEntry> written = message.followerIds().stream()
                .map(u -> new FeedEntry(u, message.yublId(), message.authorId(), message.postedAt()))
                .toList();
        feeds.add(written);
        Metrics.count("FeedItemsWritten", written.size());
        if (withdrawnAfterWrite(message, written)) {
            return;
        }
        long trimmed = 0;
        for (String userId : message.followerIds()) {
            if (trimming.isDue(userId, message.yublId())) {
                trimmed += feeds.trim(userId, trimming.cap());
            }
        }
        if (trimmed > 0) {
            Metrics.count("FeedItemsTrimmed", trimmed);
        }
        LOG.atInfo()
                .addKeyValue("yublId", message.yublId())
                .addKeyValue("feeds", message.followerIds().size())
                .addKeyValue("trimmed", trimmed)
                .log("yubl added to feeds");
    }

    /**
     * Takes the yubl back from the feeds it should not be in after all: all of them if it was deleted meanwhile, else
     * those of readers who no longer follow its author (its author's own feed keeps it). True if it was deleted.
     */
    private boolean withdrawnAfterWrite(FeedFanoutMessage message, List<FeedEntry> written) {
        if (yubls.isDeleted(message.yublId())) {
            feeds.remove(written);
            Metrics.count("DeletedYublsWithdrawn", 1);
            LOG.atInfo()
                    .addKeyValue("yublId", message.yublId())
                    .log("yubl deleted while it was written to these feeds; taken back");
            return true;
        }
        Set<String> readers = new LinkedHashSet<>(message.followerIds());
        readers.remove(message.authorId());
        Set<String> unfollowed = follows.unfollowedSinceListed(message.authorId(), readers);
        if (!unfollowed.isEmpty()) {
            feeds.remove(written.stream()
                    .filter(e -> unfollowed.contains(e.userId()))
                    .toList());
            Metrics.count("UnfollowedFeedItemsWithdrawn", unfollowed.size());
            LOG.atInfo()
                    .addKeyValue("yublId", message.yublId())
                    .addKeyValue("readers", unfollowed.size())
                    .log("readers unfollowed the author while the yubl was written to their feeds; taken back");
        }
        return false;
    }
}
