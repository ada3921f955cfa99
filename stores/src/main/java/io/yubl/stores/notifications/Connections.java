package io.yubl.stores.notifications;

import io.yubl.runtime.Environment;
import io.yubl.stores.Positions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The open WebSocket connections of each user (key: connectionId; index byUser). A connection lives at most two
 * hours on API Gateway, so each expires then (TTL); until DynamoDB deletes it, reads leave it out.
 */
public final class Connections {
    public static final String BY_USER = "byUser";
    public static final Duration MAX_LIFETIME = Duration.ofHours(2);

    private final DynamoDbClient dynamodb;
    private final String table;
    private final Clock clock;

    public Connections(DynamoDbClient dynamodb, String table, Clock clock) {
        this.dynamodb = dynamodb;
        this.table = table;
        this.clock = clock;
    }

    public static Connections fromEnvironment(DynamoDbClient dynamodb) {
        return new Connections(dynamodb, Environment.required("CONNECTIONS_TABLE"), Clock.systemUTC());
    }

    public void open(String connectionId, String userId) {
        dynamodb.putItem(r -> r.tableName(table)
                .item(Map.of(
                        "connectionId", AttributeValue.fromS(connectionId),
                        "userId", AttributeValue.fromS(userId),
                        "expiresAt",
                                AttributeValue.fromN(Long.toString(
                                        clock.instant().plus(MAX_LIFETIME).getEpochSecond())))));
    }

    public void close(String connectionId) {
        dynamodb.deleteItem(r -> r.tableName(table).key(Map.of("connectionId", AttributeValue.fromS(connectionId))));
    }

    /** The user's open connections. */
    public List<String> of(String userId) {
        List<String> ids = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamodb.query(q -> q.tableName(table)
                    .indexName(BY_USER)
                    .keyConditionExpression("userId = :u")
                    .filterExpression("expiresAt > :now")
                    .expressionAttributeValues(Map.of(
                            ":u",
                            AttributeValue.fromS(userId),
                            ":now",
                            AttributeValue.fromN(Long.toString(clock.instant().getEpochSecond()))))
                    .exclusiveStartKey(from));
            page.items().forEach(i -> ids.add(i.get("connectionId").s()));
            start = Positions.after(page);
        } while (start != null);
        return ids;
    }
}
