package io.yubl.stores;

import io.yubl.middleware.Metrics;
import io.yubl.middleware.RetryPolicy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * BatchWriteItem, 25 requests a call, with the items DynamoDB leaves unprocessed (throttling, capacity) retried with
 * backoff. After bounded retries it throws, so the caller's record fails and is retried rather than half-applied in
 * silence. Every write it is given must be idempotent.
 */
public final class BatchWriter {
    public static final int MAX_PER_CALL = 25;

    private final DynamoDbClient dynamodb;
    private final RetryPolicy retryPolicy;

    public BatchWriter(DynamoDbClient dynamodb, RetryPolicy retryPolicy) {
        this.dynamodb = dynamodb;
        this.retryPolicy = retryPolicy;
    }

    public void write(String table, List<WriteRequest> requests) {
        for (int from = 0; from < requests.size(); from += MAX_PER_CALL) {
            List<WriteRequest> chunk = requests.subList(from, Math.min(requests.size(), from + MAX_PER_CALL));
            writeChunk(table, chunk);
        }
    }

    private void writeChunk(String table, List<WriteRequest> chunk) {
        List<WriteRequest> pending = new ArrayList<>(chunk);
        for (int attempt = 1; ; attempt++) {
            List<WriteRequest> send = pending;
            BatchWriteItemResponse response = dynamodb.batchWriteItem(r -> r.requestItems(Map.of(table, send)));
            List<WriteRequest> unprocessed = response.unprocessedItems().getOrDefault(table, List.of());
            if (unprocessed.isEmpty()) {
                return;
            }
            Metrics.count("UnprocessedItemsRetried", unprocessed.size());
            if (attempt >= retryPolicy.maxAttempts()) {
                throw new IllegalStateException(unprocessed.size() + " writes to " + table
                        + " still unprocessed after " + attempt + " attempts");
            }
            retryPolicy.pause(attempt);
            pending = new ArrayList<>(unprocessed);
        }
    }
}
