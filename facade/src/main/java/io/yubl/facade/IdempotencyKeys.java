package io.yubl.facade;

import io.yubl.runtime.Environment;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The idempotency keys the facade has seen, in DynamoDB, for {@link #RETENTION}: under the id a key names, the
 * fingerprint of the request that first used it and, once that request succeeded, its reply. As Stripe does it:
 * the same key with the same request gets the first reply again (nothing is published twice); the same key with
 * another request is refused ({@link KeyReusedException}). A key whose first request failed (503) stays bound to that
 * request, which is the one to retry. Two requests racing with the same key both go ahead: they publish one event
 * twice under one id, which the pipeline keeps once (the first version of a yubl wins).
 *
 * <p>Records expire by TTL; since DynamoDB deletes expired items only within days, an expired record counts as absent.
 * Powertools' idempotency utility does the same for handlers, but its version 2 modules are not on Maven Central
 * here (version 1 needs AspectJ), and a facade route is not a whole handler.
 */
public final class IdempotencyKeys {
    public static final Duration RETENTION = Duration.ofHours(24);
    private static final String REPLY = "reply";

    private final DynamoDbClient dynamodb;
    private final String table;
    private final Clock clock;

    public IdempotencyKeys(DynamoDbClient dynamodb, String table, Clock clock) {
        this.dynamodb = dynamodb;
        this.table = table;
        this.clock = clock;
    }

    public static IdempotencyKeys fromEnvironment(DynamoDbClient dynamodb) {
        return new IdempotencyKeys(dynamodb, Environment.required("IDEMPOTENCY_TABLE"), Clock.systemUTC());
    }

    /**
     * Binds the key (by the id it names) to this request's fingerprint, unless it is bound already. Empty when the
     * request is to go ahead; the earlier reply when that request succeeded before.
     *
     * @throws KeyReusedException when the key is bound to another request
     */
    public Optional<Map<String, String>> claim(String key, String id, String fingerprint) {
        long now = clock.instant().getEpochSecond();
        try {
            dynamodb.putItem(r -> r.tableName(table)
                    .item(Map.of(
                            "keyId", AttributeValue.fromS(id),
                            "fingerprint", AttributeValue.fromS(fingerprint),
                            "expiresAt", AttributeValue.fromN(Long.toString(now + RETENTION.toSeconds()))))
                    .conditionExpression("attribute_not_exists(keyId) OR expiresAt < :now")
                    .expressionAttributeValues(Map.of(":now", AttributeValue.fromN(Long.toString(now)))));
            return Optional.empty();
        } catch (ConditionalCheckFailedException bound) {
            Map<String, AttributeValue> item = dynamodb.getItem(
                            r -> r.tableName(table).consistentRead(true).key(Map.of("keyId", AttributeValue.fromS(id))))
                    .item();
            if (!fingerprint.equals(item.get("fingerprint").s())) {
                throw new KeyReusedException(key);
            }
            if (!item.containsKey(REPLY)) {
                return Optional.empty();
            }
            Map<String, String> reply = new LinkedHashMap<>();
            item.get(REPLY).m().forEach((name, value) -> reply.put(name, value.s()));
            return Optional.of(reply);
        }
    }

    /** Keeps the reply of the request the key is bound to, for its retries. */
    public void remember(String id, Map<String, String> reply) {
        Map<String, AttributeValue> fields = new LinkedHashMap<>();
        reply.forEach((name, value) -> fields.put(name, AttributeValue.fromS(value)));
        dynamodb.updateItem(r -> r.tableName(table)
                .key(Map.of("keyId", AttributeValue.fromS(id)))
                .updateExpression("SET #reply = :r")
                .expressionAttributeNames(Map.of("#reply", REPLY))
                .expressionAttributeValues(Map.of(":r", AttributeValue.fromM(fields))));
    }

    /** The key was first used with another request. */
    public static final class KeyReusedException extends RuntimeException {
        private final String key;

        public KeyReusedException(String key) {
            super("idempotency key already used with another request");
            this.key = key;
        }

        public String key() {
            return key;
        }
    }
}
