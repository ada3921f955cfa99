package io.yubl.processors.relationships;

import io.yubl.contracts.EventEnvelope;
import io.yubl.contracts.UserFollowed;
import io.yubl.contracts.UserUnfollowed;
import io.yubl.middleware.EventRoutes;
import io.yubl.runtime.Environment;
import io.yubl.runtime.Metrics;
import io.yubl.stores.Dynamo;
import io.yubl.stores.FeedEntry;
import io.yubl.stores.FeedRepository;
import io.yubl.stores.RelationshipRepository;
import io.yubl.stores.YublRepository;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * record-relationship: keeps followers and following. A follow backfills the followee's recent yubls (default 100,
 * {@code BACKFILL_YUBLS}) into the follower's feed; an unfollow removes them. An event older than what is recorded
 * changes nothing, so a stale follow never undoes a newer unfollow; a redelivered event is applied again, harmlessly.
 */
public final class RecordRelationship {
    private final RelationshipRepository relationships;
    private final YublRepository yubls;
    private final FeedRepository feeds;
    private final int backfill;

    public RecordRelationship(
            RelationshipRepository relationships, YublRepository yubls, FeedRepository feeds, int backfill) {
        this.relationships = relationships;
        this.yubls = yubls;
        this.feeds = feeds;
        this.backfill = backfill;
    }

    public static RecordRelationship fromEnvironment() {
        DynamoDbClient dynamodb = Dynamo.client();
        return new RecordRelationship(
                RelationshipRepository.fromEnvironment(dynamodb),
                YublRepository.fromEnvironment(dynamodb),
                FeedRepository.fromEnvironment(dynamodb),
                Environment.integer("BACKFILL_YUBLS", 100));
    }

    /** The events it takes, and what it does with each. */
    public EventRoutes routes() {
        return EventRoutes.on(UserFollowed.class, this::followed).and(UserUnfollowed.class, this::unfollowed);
    }

    void followed(UserFollowed followed, EventEnvelope event) {
        if (!relationships.follow(followed.followerId(), followed.followeeId(), event.occurredAt())) {
            Metrics.count("StaleEventsIgnored", 1);
            return;
        }
        List<FeedEntry> recent = yubls.recentByAuthor(followed.followeeId(), backfill).stream()
                .map(y -> new FeedEntry(followed.followerId(), y.yublId(), y.authorId(), y.postedAt()))
                .toList();
        feeds.add(recent);
        Metrics.count("FeedItemsBackfilled", recent.size());
    }

    void unfollowed(UserUnfollowed unfollowed, EventEnvelope event) {
        if (!relationships.unfollow(unfollowed.followerId(), unfollowed.followeeId(), event.occurredAt())) {
            Metrics.count("StaleEventsIgnored", 1);
            return;
        }
        Metrics.count("FeedItemsRemoved", feeds.removeAuthor(unfollowed.followerId(), unfollowed.followeeId()));
    }
}
