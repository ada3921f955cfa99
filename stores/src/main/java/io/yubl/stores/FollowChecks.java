package io.yubl.stores;

import io.yubl.runtime.Environment;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Whether users follow someone now, read strongly consistent from the relationships table. For writers that must not
 * leave a yubl with a reader who has just unfollowed its author; unlike {@link RelationshipRepository} it needs no
 * cursor secret.
 *
 * <p>One query reads the followee's follower items from the lowest id asked to the highest. A fan-out batch is a run
 * of consecutive followers (the listing is in id order), so the query reads about as many items as there are readers:
 * a few read units for a batch of 100, where a BatchGetItem of each reader's key costs one unit per reader (every item
 * rounds up to 4 KB). Users who are not a run of followers cost more to check, never a wrong answer. Ids are ASCII, so
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
        if (notFollowing.isEmpty()) {
            return notFollowing;
        }
        Map<String, AttributeValue> values = Map.of(
                ":u", AttributeValue.fromS(followeeId),
                ":first", AttributeValue.fromS(Relations.FOLLOWER + Collections.min(notFollowing)),
                ":last", AttributeValue.fromS(Relations.FOLLOWER + Collections.max(notFollowing)));
        dynamodb
                .queryPaginator(q -> q.tableName(table)
                        .consistentRead(true)
                        .keyConditionExpression("userId = :u AND relation BETWEEN :first AND :last")
                        .projectionExpression("otherUserId, #state")
                        .expressionAttributeNames(Map.of("#state", "state"))
                        .expressionAttributeValues(values))
                .items()
                .stream()
                .filter(Relations::isActive)
                .forEach(item -> notFollowing.remove(item.get("otherUserId").s()));
        return notFollowing;
    }
}
