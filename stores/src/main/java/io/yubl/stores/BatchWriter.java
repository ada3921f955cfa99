package io.yubl.stores;

import io.yubl.contracts.Chunks;
import io.yubl.contracts.RetryPolicy;
import io.yubl.runtime.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.slf4j.MDC;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * BatchWriteItem, 25 requests a call and up to {@link #PARALLEL_CALLS} calls at once, with the items DynamoDB leaves
 * unprocessed (throttling, capacity) retried with backoff. After bounded retries it throws, so the caller's record
 * fails and is retried rather than half-applied in silence. Every write it is given must be idempotent (the calls
 * run in no particular order).
 */
public final class BatchWriter {
    public static final int MAX_PER_CALL = 25;
    public static final int PARALLEL_CALLS = 4;
    private static final ExecutorService CALLS = Executors.newFixedThreadPool(PARALLEL_CALLS * 4, r -> {
        Thread t = new Thread(r, "batch-writer");
        t.setDaemon(true);
        return t;
    });

    private final DynamoDbClient dynamodb;
    private final RetryPolicy retryPolicy;

    public BatchWriter(DynamoDbClient dynamodb, RetryPolicy retryPolicy) {
        this.dynamodb = dynamodb;
        this.retryPolicy = retryPolicy;
    }

    public void write(String table, List<WriteRequest> requests) {
        List<List<WriteRequest>> chunks = Chunks.of(requests, MAX_PER_CALL);
        if (chunks.size() <= 1) {
            chunks.forEach(chunk -> writeChunk(table, chunk));
            return;
        }
        Map<String, String> context = MDC.getCopyOfContextMap();
        List<Future<?>> calls = new ArrayList<>(chunks.size());
        Semaphore inFlight = new Semaphore(PARALLEL_CALLS);
        for (List<WriteRequest> chunk : chunks) {
            inFlight.acquireUninterruptibly();
            calls.add(CALLS.submit(() -> {
                if (context != null) {
                    MDC.setContextMap(context);
                }
                try {
                    writeChunk(table, chunk);
                } finally {
                    MDC.clear();
                    inFlight.release();
                }
            }));
        }
        RuntimeException failure = null;
        for (Future<?> call : calls) {
            try {
                call.get();
            } catch (ExecutionException e) {
                failure = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while writing to " + table, e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void writeChunk(String table, List<WriteRequest> chunk) {
        RetryPolicy.Retried<List<WriteRequest>> outcome =
                retryPolicy.untilDone(chunk, List::isEmpty, (pending, attempt) -> {
                    if (attempt > 1) {
                        Metrics.count("UnprocessedItemsRetried", pending.size());
                    }
                    BatchWriteItemResponse response =
                            dynamodb.batchWriteItem(r -> r.requestItems(Map.of(table, pending)));
                    return response.unprocessedItems().getOrDefault(table, List.of());
                });
        if (!outcome.done()) {
            throw new IllegalStateException(outcome.left().size() + " writes to " + table + " still unprocessed after "
                    + outcome.attempts() + " attempts");
        }
    }
}
