package io.yubl.stores;

import io.yubl.contracts.Chunks;
import io.yubl.contracts.RetryPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * BatchGetItem, 100 keys a call, with the keys DynamoDB leaves unprocessed (throttling, the 16 MB response cap)
 * retried with backoff. After bounded retries it throws, so the caller's record fails and is retried rather than
 * read in part. Items that do not exist are simply absent from what it returns.
 */
public final class BatchReader {
    public static final int MAX_PER_CALL = 100;

    private final DynamoDbClient dynamodb;
    private final RetryPolicy retryPolicy;

    public BatchReader(DynamoDbClient dynamodb, RetryPolicy retryPolicy) {
        this.dynamodb = dynamodb;
        this.retryPolicy = retryPolicy;
    }

    /** The items with these keys (distinct keys only), read strongly consistent when asked. */
    public List<Map<String, AttributeValue>> read(
            String table, List<Map<String, AttributeValue>> keys, boolean consistent) {
        List<Map<String, AttributeValue>> found = new ArrayList<>(keys.size());
        for (List<Map<String, AttributeValue>> chunk : Chunks.of(keys, MAX_PER_CALL)) {
            Map<String, KeysAndAttributes> request = Map.of(
                    table,
                    KeysAndAttributes.builder()
                            .keys(chunk)
                            .consistentRead(consistent)
                            .build());
            RetryPolicy.Retried<Map<String, KeysAndAttributes>> outcome =
                    retryPolicy.untilDone(request, Map::isEmpty, (pending, attempt) -> {
                        BatchGetItemResponse response = dynamodb.batchGetItem(r -> r.requestItems(pending));
                        found.addAll(response.responses().getOrDefault(table, List.of()));
                        return response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
                    });
            if (!outcome.done()) {
                throw new IllegalStateException("keys of " + table + " still unprocessed after " + outcome.attempts()
                        + " BatchGetItem attempts");
            }
        }
        return found;
    }
}
