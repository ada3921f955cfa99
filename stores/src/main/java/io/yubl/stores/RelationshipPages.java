package io.yubl.stores;

import io.yubl.runtime.Environment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The listings of the relationships table ({@link RelationshipRepository} writes it): a user's followers and whom a
 * user follows, a page at a time, with signed cursors ({@link Cursors}).
 */
public final class RelationshipPages {
    private final DynamoDbClient dynamodb;
    private final String table;
    private final Cursors cursors;

    public RelationshipPages(DynamoDbClient dynamodb, String table, Cursors cursors) {
        this.dynamodb = dynamodb;
        this.table = table;
        this.cursors = cursors;
    }

    public static RelationshipPages fromEnvironment(DynamoDbClient dynamodb) {
        return new RelationshipPages(dynamodb, Environment.required("RELATIONSHIPS_TABLE"), Cursors.fromEnvironment());
    }

    public Page<String> followers(String userId, int limit, String cursor) {
        return followers(userId, limit, cursor, IdRange.ALL);
    }

    public Page<String> followers(String userId, int limit, String cursor, IdRange range) {
        return page(userId, Relations.FOLLOWER, limit, cursor, range);
    }

    public Page<String> following(String userId, int limit, String cursor) {
        return following(userId, limit, cursor, IdRange.ALL);
    }

    public Page<String> following(String userId, int limit, String cursor, IdRange range) {
        return page(userId, Relations.FOLLOWING, limit, cursor, range);
    }

    /**
     * Up to {@code limit} active relations in the range, in id order (or its reverse), from the cursor. Tombstones are
     * skipped, so one page may take several queries; the cursor is the position after the last relation returned.
     */
    private Page<String> page(String userId, String prefix, int limit, String cursor, IdRange range) {
        Map<String, AttributeValue> start = cursors.decode(cursor, userId, Set.of("userId", "relation"));
        if (start != null) {
            String relation = start.get("relation").s();
            if (!relation.startsWith(prefix)) {
                throw new InvalidCursorException("belongs to another listing");
            }
            // DynamoDB refuses a start key outside the key condition's bounds (a ValidationException, not an empty
            // page)
            if (range.outside(relation.substring(prefix.length()))) {
                throw new InvalidCursorException("points outside the range asked for ('from' and 'before')");
            }
        }
        Map<String, AttributeValue> values = Map.of(
                ":u", AttributeValue.fromS(userId),
                ":from", AttributeValue.fromS(prefix + (range.from() == null ? "" : range.from())),
                // BETWEEN includes its end: the id equal to 'before' is left out below; '~' sorts after every
                // character an id may have
                ":to", AttributeValue.fromS(prefix + (range.before() == null ? "~" : range.before())));
        List<String> ids = new ArrayList<>(limit);
        Map<String, AttributeValue> position = start;
        boolean more = !range.isEmpty();
        while (ids.size() < limit && more) {
            Map<String, AttributeValue> from = position;
            int want = limit - ids.size();
            QueryResponse response = dynamodb.query(q -> q.tableName(table)
                    .keyConditionExpression("userId = :u AND relation BETWEEN :from AND :to")
                    .expressionAttributeValues(values)
                    .scanIndexForward(!range.descending())
                    .limit(want)
                    .exclusiveStartKey(from));
            for (Map<String, AttributeValue> item : response.items()) {
                position = Map.of("userId", item.get("userId"), "relation", item.get("relation"));
                if ("active".equals(item.get("state").s())
                        && !range.endsBefore(item.get("otherUserId").s())) {
                    ids.add(item.get("otherUserId").s());
                }
            }
            more = Positions.after(response) != null;
        }
        return new Page<>(ids, more ? cursors.encode(position) : null);
    }
}
