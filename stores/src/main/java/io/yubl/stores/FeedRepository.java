package io.yubl.stores;

import io.yubl.contracts.RetryPolicy;
import io.yubl.runtime.Environment;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Users' feeds in DynamoDB: one item per (user, yubl), keyed by user and {@code postedAt#yublId}, so that a feed reads
 * newest first and writing the same entry twice leaves one item.
 */
public final class FeedRepository {
    public static final String BY_YUBL = "byYubl";

    private final DynamoDbClient dynamodb;
    private final String table;
    private final BatchWriter writer;

    public FeedRepository(DynamoDbClient dynamodb, String table, BatchWriter writer) {
        this.dynamodb = dynamodb;
        this.table = table;
        this.writer = writer;
    }

    public static FeedRepository fromEnvironment(DynamoDbClient dynamodb) {
        return new FeedRepository(
                dynamodb, Environment.required("FEEDS_TABLE"), new BatchWriter(dynamodb, RetryPolicy.DEFAULT));
    }

    /** Puts these entries into their users' feeds (idempotent). */
    public void add(List<FeedEntry> entries) {
        writer.write(
                table,
                entries.stream()
                        .map(e -> WriteRequest.builder()
                                .putRequest(p -> p.item(Map.of(
                                        "userId", AttributeValue.fromS(e.userId()),
                                        "feedKey", AttributeValue.fromS(e.feedKey()),
                                        "yublId", AttributeValue.fromS(e.yublId()),
                                        "authorId", AttributeValue.fromS(e.authorId()),
                                        "postedAt", AttributeValue.fromS(SortableTime.format(e.postedAt())))))
                                .build())
                        .toList());
    }

    public void remove(Collection<FeedEntry> entries) {
        writer.write(
                table,
                entries.stream()
                        .map(e -> WriteRequest.builder()
                                .deleteRequest(d -> d.key(key(e)))
                                .build())
                        .toList());
    }

    /** Every entry of the user's feed, newest first. */
    public List<FeedEntry> entries(String userId) {
        List<FeedEntry> entries = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamodb.query(q -> q.tableName(table)
                    .keyConditionExpression("userId = :u")
                    .expressionAttributeValues(Map.of(":u", AttributeValue.fromS(userId)))
                    .scanIndexForward(false)
                    .exclusiveStartKey(from));
            page.items().forEach(item -> entries.add(entry(item)));
            start = Positions.after(page);
        } while (start != null);
        return entries;
    }

    /** One page of the user's feed, newest first, from a position the previous page returned. */
    public FeedPage page(String userId, int limit, Map<String, AttributeValue> after) {
        QueryResponse page = dynamodb.query(q -> q.tableName(table)
                .keyConditionExpression("userId = :u")
                .expressionAttributeValues(Map.of(":u", AttributeValue.fromS(userId)))
                .scanIndexForward(false)
                .limit(limit)
                .exclusiveStartKey(after));
        Map<String, AttributeValue> last = Positions.after(page);
        return new FeedPage(page.items().stream().map(FeedRepository::entry).toList(), last);
    }

    /** A page of entries and the position after it (null on the last page). */
    public record FeedPage(List<FeedEntry> entries, Map<String, AttributeValue> after) {}

    /** Removes the yubl from every feed it is in (found through the byYubl index); returns how many. */
    public int removeEverywhere(String yublId) {
        List<WriteRequest> deletes = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamodb.query(QueryRequest.builder()
                    .tableName(table)
                    .indexName(BY_YUBL)
                    .keyConditionExpression("yublId = :y")
                    .expressionAttributeValues(Map.of(":y", AttributeValue.fromS(yublId)))
                    .exclusiveStartKey(from)
                    .build());
            for (Map<String, AttributeValue> item : page.items()) {
                Map<String, AttributeValue> key = Map.of("userId", item.get("userId"), "feedKey", item.get("feedKey"));
                deletes.add(
                        WriteRequest.builder().deleteRequest(d -> d.key(key)).build());
            }
            start = Positions.after(page);
        } while (start != null);
        writer.write(table, deletes);
        return deletes.size();
    }

    /** Removes the author's yubls from the user's feed. */
    public int removeAuthor(String userId, String authorId) {
        List<FeedEntry> theirs = entries(userId).stream()
                .filter(e -> authorId.equals(e.authorId()))
                .toList();
        remove(theirs);
        return theirs.size();
    }

    /** Keeps the newest {@code cap} entries of the user's feed; returns how many older ones it removed. */
    public int trim(String userId, int cap) {
        List<FeedEntry> entries = entries(userId);
        if (entries.size() <= cap) {
            return 0;
        }
        List<FeedEntry> older = entries.subList(cap, entries.size());
        remove(older);
        return older.size();
    }

    private static Map<String, AttributeValue> key(FeedEntry e) {
        return Map.of("userId", AttributeValue.fromS(e.userId()), "feedKey", AttributeValue.fromS(e.feedKey()));
    }

    private static FeedEntry entry(Map<String, AttributeValue> item) {
        return new FeedEntry(
                item.get("userId").s(),
                item.get("yublId").s(),
                item.get("authorId").s(),
                SortableTime.parse(item.get("postedAt").s()));
    }
}
