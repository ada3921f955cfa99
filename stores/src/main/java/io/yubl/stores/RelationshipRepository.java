package io.yubl.stores;

import io.yubl.runtime.Environment;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Who follows whom, both ways: under each user, {@code following#<id>} and {@code follower#<id>} items. Each write
 * carries the time of the event that caused it and applies only over one no newer, so a stale event never undoes a
 * newer one, while a redelivered event applies again (harmlessly) and its caller can redo its own idempotent work. An
 * unfollow leaves a tombstone ({@code state = removed}) for that reason; tombstones expire by TTL after
 * {@link #TOMBSTONE_TTL}. An unfollow also leaves an {@code unfollowed#<follower>} marker under the followee, written
 * before the tombstones and kept for {@link #UNFOLLOW_MARKER_TTL}: {@link FollowChecks} reads those markers instead of
 * every follower of a fan-out batch. The listings are {@link RelationshipPages}: their signed cursors need the cursor
 * secret, which record-relationship, writing here, neither needs nor carries.
 */
public final class RelationshipRepository {
    public static final Duration TOMBSTONE_TTL = Duration.ofDays(30);
    /**
     * Longer than a fan-out batch can travel from the follower listing to add-to-feed's check: SNS retries a delivery
     * to SQS for up to 23 days, and SQS keeps a message for 14 days at most.
     */
    public static final Duration UNFOLLOW_MARKER_TTL = Duration.ofDays(45);

    private static final String FOLLOWER = Relations.FOLLOWER;
    private static final String FOLLOWING = Relations.FOLLOWING;

    private final DynamoDbClient dynamodb;
    private final String table;

    public RelationshipRepository(DynamoDbClient dynamodb, String table) {
        this.dynamodb = dynamodb;
        this.table = table;
    }

    public static RelationshipRepository fromEnvironment(DynamoDbClient dynamodb) {
        return new RelationshipRepository(dynamodb, Environment.required("RELATIONSHIPS_TABLE"));
    }

    /** Records that the follower follows the followee as of {@code at}; false if a newer event already decided. */
    public boolean follow(String followerId, String followeeId, Instant at) {
        return write(followerId, followeeId, at, true);
    }

    /** Records that the follower stopped following as of {@code at}; false if a newer event already decided. */
    public boolean unfollow(String followerId, String followeeId, Instant at) {
        return write(followerId, followeeId, at, false);
    }

    private boolean write(String followerId, String followeeId, Instant at, boolean active) {
        if (!active) {
            // first: a fan-out check that finds no marker trusts that the reader still follows
            put(followeeId, Relations.UNFOLLOWED + followerId, followerId, at, false, UNFOLLOW_MARKER_TTL);
        }
        boolean following = put(followerId, FOLLOWING + followeeId, followeeId, at, active, TOMBSTONE_TTL);
        boolean follower = put(followeeId, FOLLOWER + followerId, followerId, at, active, TOMBSTONE_TTL);
        return following || follower;
    }

    private boolean put(
            String userId, String relation, String otherUserId, Instant at, boolean active, Duration removedTtl) {
        Map<String, AttributeValue> item = new HashMap<>(Map.of(
                "userId", AttributeValue.fromS(userId),
                "relation", AttributeValue.fromS(relation),
                "otherUserId", AttributeValue.fromS(otherUserId),
                "state", AttributeValue.fromS(active ? "active" : "removed"),
                "updatedAt", AttributeValue.fromN(Long.toString(at.toEpochMilli()))));
        if (!active) {
            item.put(
                    "expiresAt",
                    AttributeValue.fromN(
                            Long.toString(Instant.now().plus(removedTtl).getEpochSecond())));
        }
        try {
            dynamodb.putItem(r -> r.tableName(table)
                    .item(item)
                    .conditionExpression("attribute_not_exists(updatedAt) OR updatedAt <= :at")
                    .expressionAttributeValues(Map.of(":at", AttributeValue.fromN(Long.toString(at.toEpochMilli())))));
            return true;
        } catch (ConditionalCheckFailedException staleOrRepeated) {
            return false;
        }
    }

    public boolean isFollowing(String followerId, String followeeId) {
        return Relations.isActive(dynamodb.getItem(r ->
                        r.tableName(table).consistentRead(true).key(Relations.followingKey(followerId, followeeId)))
                .item());
    }
}
