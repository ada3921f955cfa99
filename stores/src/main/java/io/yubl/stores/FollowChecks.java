package io.yubl.stores;

import io.yubl.contracts.RetryPolicy;
import io.yubl.runtime.Environment;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Whether users follow someone now, read strongly consistent from the relationships table in batches of 100. For
 * writers that must not leave a yubl with a reader who has just unfollowed its author; unlike
 * {@link RelationshipRepository} it needs no cursor secret.
 */
public final class FollowChecks {
    private final BatchReader reader;
    private final String table;

    public FollowChecks(BatchReader reader, String table) {
        this.reader = reader;
        this.table = table;
    }

    public static FollowChecks fromEnvironment(DynamoDbClient dynamodb) {
        return new FollowChecks(
                new BatchReader(dynamodb, RetryPolicy.DEFAULT), Environment.required("RELATIONSHIPS_TABLE"));
    }

    /** Those of the users who do not follow the followee (never followed, or unfollowed since). */
    public Set<String> notFollowing(String followeeId, Collection<String> userIds) {
        Set<String> notFollowing = new LinkedHashSet<>(userIds);
        List<Map<String, AttributeValue>> keys = notFollowing.stream()
                .map(userId -> Relations.followingKey(userId, followeeId))
                .toList();
        reader.read(table, keys, true).stream()
                .filter(Relations::isActive)
                .forEach(item -> notFollowing.remove(item.get("userId").s()));
        return notFollowing;
    }
}
