package io.yubl.stores;

import io.yubl.runtime.Environment;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Whether users follow someone now, read strongly consistent from the relationships table. For writers that must not
 * leave a yubl with a reader who has just unfollowed its author; unlike {@link RelationshipRepository} it needs no
 * cursor secret.
 *
 * <p>{@link #notFollowing} reads the followee's follower items in one query, from the lowest id asked to the highest.
 * A fan-out batch is a run of consecutive followers (the listing is in id order), so the query reads about as many
 * items as there are readers, where a BatchGetItem of each reader's key would cost one read unit per reader (every
 * item rounds up to 4 KB). Users who are not a run of followers cost more to check, never a wrong answer. A fan-out
 * batch needs less: {@link #unfollowedSinceListed} reads only the unfollow markers in the same range. Ids are ASCII, so
 * Java's order of them is DynamoDB's.
 */
public final class FollowChecks {
    private final DynamoDbClient dynamodb;
    private final String table;

    public FollowChecks(DynamoDbClient dynamodb, String table) {
        this.dynamodb = dynamodb;
        this.table = table;
    }

    public static FollowChecks fromEnvironment(DynamoDbClient dynamodb) {
        return new FollowChecks(dynamodb, Environment.required("RELATIONSHIPS_TABLE"));
    }

    /** Those of the users who do not follow the followee (never followed, or unfollowed since). */
    public Set<String> notFollowing(String followeeId, Collection<String> userIds) {
        Set<String> notFollowing = new LinkedHashSet<>(userIds);
        if (!notFollowing.isEmpty()) {
            itemsBetween(followeeId, Relations.FOLLOWER, notFollowing)
                    .filter(Relations::isActive)
                    .forEach(item -> notFollowing.remove(item.get("otherUserId").s()));
        }
        return notFollowing;
    }

    /**
     * Those of the users, all listed as the followee's followers a while ago (a fan-out batch's readers), who do not
     * follow now. Only an unfollow can have changed that, and every unfollow first leaves an {@code unfollowed#}
     * marker under the followee that outlives any fan-out batch ({@link RelationshipRepository#UNFOLLOW_MARKER_TTL}).
     * So one query reads the markers in the users' id range, usually none, and only the users with a marker are
     * checked as {@link #notFollowing} checks (they may have followed again since).
     */
    public Set<String> unfollowedSinceListed(String followeeId, Collection<String> listedFollowers) {
        Set<String> listed = new LinkedHashSet<>(listedFollowers);
        if (listed.isEmpty()) {
            return listed;
        }
        List<String> marked = itemsBetween(followeeId, Relations.UNFOLLOWED, listed)
                .map(item -> item.get("otherUserId").s())
                .filter(listed::contains)
                .toList();
        return marked.isEmpty() ? Set.of() : notFollowing(followeeId, marked);
    }

    /** The followee's items of one kind from the lowest of the ids to the highest, read strongly consistent. */
    private Stream<Map<String, AttributeValue>> itemsBetween(String followeeId, String prefix, Set<String> ids) {
        Map<String, AttributeValue> values = Map.of(
                ":u", AttributeValue.fromS(followeeId),
                ":first", AttributeValue.fromS(prefix + Collections.min(ids)),
                ":last", AttributeValue.fromS(prefix + Collections.max(ids)));
        return dynamodb
                .queryPaginator(q -> q.tableName(table)
                        .consistentRead(true)
                        .keyConditionExpression("userId = :u AND relation BETWEEN :first AND :last")
                        .projectionExpression("otherUserId, #state")
                        .expressionAttributeNames(Map.of("#state", "state"))
                        .expressionAttributeValues(values))
                .items()
                .stream();
    }
}
