package io.yubl.stores;

import io.yubl.middleware.Environment;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who follows whom, both ways: under each user, {@code following#<id>} and {@code follower#<id>} items. Each write
 * carries the time of the event that caused it and applies only over one no newer, so a stale event never undoes a
 * newer one, while a redelivered event applies again (harmlessly) and its caller can redo its own idempotent work. An unfollow leaves a tombstone ({@code state = removed}) for that reason; tombstones expire by
 * TTL after {@link #TOMBSTONE_TTL}.
 */
public final class RelationshipRepository {
    public static final Duration TOMBSTONE_TTL = Duration.ofDays(30);
    private static final String FOLLOWER = "follower#";
    private static final String FOLLOWING = Relations.FOLLOWING;

    private final DynamoDbClient dynamodb;
    private final String table;
    private final Cursors cursors;

    public RelationshipRepository(DynamoDbClient dynamodb, String table, Cursors cursors) {
        this.dynamodb = dynamodb;
        this.table = table;
        this.cursors = cursors;
    }

    public static RelationshipRepository fromEnvironment(DynamoDbClient dynamodb) {
        return new RelationshipRepository(dynamodb, Environment.required("RELATIONSHIPS_TABLE"), Cursors.fromEnvironment());
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
        boolean following = put(followerId, FOLLOWING + followeeId, followeeId, at, active);
        boolean follower = put(followeeId, FOLLOWER + followerId, followerId, at, active);
        return following || follower;
    }

    private boolean put(String userId, String relation, String otherUserId, Instant at, boolean active) {
        Map<String, AttributeValue> item = new java.util.HashMap<>(Map.of(
                "userId", AttributeValue.fromS(userId),
                "relation", AttributeValue.fromS(relation),
                "otherUserId", AttributeValue.fromS(otherUserId),
                "state", AttributeValue.fromS(active ? "active" : "removed"),
                "updatedAt", AttributeValue.fromN(Long.toString(at.toEpochMilli()))));
        if (!active) {
            item.put("expiresAt", AttributeValue.fromN(Long.toString(Instant.now().plus(TOMBSTONE_TTL).getEpochSecond())));
        }
        try {
            dynamodb.putItem(r -> r.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(updatedAt) OR updatedAt <= :at")
                    .expressionAttributeValues(Map.of(":at", AttributeValue.fromN(Long.toString(at.toEpochMilli())))));
            return true;
        } catch (ConditionalCheckFailedException staleOrRepeated) {
            return false;
        }
    }

    public Page<String> followers(String userId, int limit, String cursor) {
        return page(userId, FOLLOWER, limit, cursor);
    }

    public Page<String> following(String userId, int limit, String cursor) {
        return page(userId, FOLLOWING, limit, cursor);
    }

    public boolean isFollowing(String followerId, String followeeId) {
        return Relations.isActive(dynamodb.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Relations.followingKey(followerId, followeeId))).item());
    }

    /**
     * Up to {@code limit} active relations, in id order, from the cursor. Tombstones are skipped, so one page may take
     * several queries; the cursor is the position after the last relation returned.
     */
    private Page<String> page(String userId, String prefix, int limit, String cursor) {
        Map<String, AttributeValue> start = cursors.decode(cursor, userId, Set.of("userId", "relation"));
        if (start != null && !start.get("relation").s().startsWith(prefix)) {
            throw new InvalidCursorException("belongs to another listing");
        }
        List<String> ids = new ArrayList<>(limit);
        Map<String, AttributeValue> position = start;
        boolean more = true;
        while (ids.size() < limit && more) {
            Map<String, AttributeValue> from = position;
            int want = limit - ids.size();
            QueryResponse response = dynamodb.query(q -> q.tableName(table)
                    .keyConditionExpression("userId = :u AND begins_with(relation, :p)")
                    .expressionAttributeValues(Map.of(":u", AttributeValue.fromS(userId), ":p", AttributeValue.fromS(prefix)))
                    .limit(want)
                    .exclusiveStartKey(from));
            for (Map<String, AttributeValue> item : response.items()) {
                position = Map.of("userId", item.get("userId"), "relation", item.get("relation"));
                if ("active".equals(item.get("state").s())) {
                    ids.add(item.get("otherUserId").s());
                }
            }
            more = Positions.after(response) != null;
        }
        return new Page<>(ids, more ? cursors.encode(position) : null);
    }
}
