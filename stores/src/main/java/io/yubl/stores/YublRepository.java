package io.yubl.stores;

import io.yubl.contracts.RetryPolicy;
import io.yubl.runtime.Environment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Yubls in DynamoDB, the source feeds are hydrated from. A deleted yubl leaves a tombstone (its text removed), so that
 * a late or repeated yubl-posted cannot bring it back, and fan-out can tell it was deleted.
 */
public final class YublRepository {
    public static final String BY_AUTHOR = "byAuthor";

    private final DynamoDbClient dynamodb;
    private final String table;
    private final BatchReader reader;

    public YublRepository(DynamoDbClient dynamodb, String table) {
        this.dynamodb = dynamodb;
        this.table = table;
        this.reader = new BatchReader(dynamodb, RetryPolicy.DEFAULT);
    }

    public static YublRepository fromEnvironment(DynamoDbClient dynamodb) {
        return new YublRepository(dynamodb, Environment.required("YUBLS_TABLE"));
    }

    /**
     * Stores the yubl unless one with its id is already stored, and returns the one stored: the first version wins, so
     * a yubl posted twice (a retried call with the same idempotency key) keeps its first time and text everywhere.
     * Empty when the yubl was deleted (then nothing changes). Idempotent.
     */
    public Optional<Yubl> putIfAbsent(Yubl yubl) {
        try {
            dynamodb.putItem(r -> r.tableName(table)
                    .item(Map.of(
                            "yublId", AttributeValue.fromS(yubl.yublId()),
                            "authorId", AttributeValue.fromS(yubl.authorId()),
                            "text", AttributeValue.fromS(yubl.text()),
                            "postedAt", AttributeValue.fromS(SortableTime.format(yubl.postedAt()))))
                    .conditionExpression("attribute_not_exists(yublId)"));
            return Optional.of(yubl);
        } catch (ConditionalCheckFailedException alreadyThere) {
            Map<String, AttributeValue> item = dynamodb.getItem(r -> r.tableName(table)
                            .consistentRead(true)
                            .key(Map.of("yublId", AttributeValue.fromS(yubl.yublId()))))
                    .item();
            return item.containsKey("deleted") || !item.containsKey("text")
                    ? Optional.empty()
                    : Optional.of(yubl(item));
        }
    }

    /**
     * Marks the yubl deleted (whether or not it was stored yet) and drops its text, if the author is the one asking.
     * Idempotent. False, and nothing changed, when the yubl was written by someone else.
     */
    public boolean delete(String yublId, String authorId, Instant deletedAt) {
        try {
            dynamodb.updateItem(r -> r.tableName(table)
                    .key(Map.of("yublId", AttributeValue.fromS(yublId)))
                    .updateExpression(
                            "SET deleted = :t, deletedAt = :at, authorId = if_not_exists(authorId, :a) REMOVE #text")
                    .conditionExpression("attribute_not_exists(authorId) OR authorId = :a")
                    .expressionAttributeNames(Map.of("#text", "text"))
                    .expressionAttributeValues(Map.of(
                            ":t", AttributeValue.fromBool(true),
                            ":at", AttributeValue.fromS(SortableTime.format(deletedAt)),
                            ":a", AttributeValue.fromS(authorId))));
            return true;
        } catch (ConditionalCheckFailedException someoneElses) {
            return false;
        }
    }

    public boolean isDeleted(String yublId) {
        Map<String, AttributeValue> item = dynamodb.getItem(r -> r.tableName(table)
                        .consistentRead(true)
                        .key(Map.of("yublId", AttributeValue.fromS(yublId)))
                        .projectionExpression("deleted"))
                .item();
        return item != null && item.containsKey("deleted");
    }

    public Optional<Yubl> get(String yublId) {
        Map<String, AttributeValue> item = dynamodb.getItem(
                        r -> r.tableName(table).key(Map.of("yublId", AttributeValue.fromS(yublId))))
                .item();
        return item == null || item.isEmpty() || item.containsKey("deleted")
                ? Optional.empty()
                : Optional.of(yubl(item));
    }

    /** The live (not deleted) yubls among these ids, by id; BatchGetItem, 100 keys a call, unprocessed keys retried. */
    public Map<String, Yubl> getAll(Collection<String> yublIds) {
        List<Map<String, AttributeValue>> keys = yublIds.stream()
                .distinct()
                .map(id -> Map.of("yublId", AttributeValue.fromS(id)))
                .toList();
        Map<String, Yubl> found = new HashMap<>();
        reader.read(table, keys, false).stream()
                .filter(item -> !item.containsKey("deleted"))
                .forEach(item -> found.put(item.get("yublId").s(), yubl(item)));
        return found;
    }

    /** The author's newest live yubls, newest first. */
    public List<Yubl> recentByAuthor(String authorId, int limit) {
        List<Yubl> yubls = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamodb.query(q -> q.tableName(table)
                    .indexName(BY_AUTHOR)
                    .keyConditionExpression("authorId = :a")
                    .expressionAttributeValues(Map.of(":a", AttributeValue.fromS(authorId)))
                    .scanIndexForward(false)
                    .limit(limit)
                    .exclusiveStartKey(from));
            page.items().stream()
                    .filter(item -> !item.containsKey("deleted") && item.containsKey("text"))
                    .forEach(item -> yubls.add(yubl(item)));
            start = Positions.after(page);
        } while (start != null && yubls.size() < limit);
        return yubls.size() > limit ? yubls.subList(0, limit) : yubls;
    }

    private static Yubl yubl(Map<String, AttributeValue> item) {
        return new Yubl(
                item.get("yublId").s(),
                item.get("authorId").s(),
                item.get("text").s(),
                SortableTime.parse(item.get("postedAt").s()));
    }
}
