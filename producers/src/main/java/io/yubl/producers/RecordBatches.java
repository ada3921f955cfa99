package io.yubl.producers;

import io.yubl.contracts.Chunks;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Splits records into PutRecords requests: at most 500 records and 5 MiB (data plus partition keys) per request,
 * keeping the given order.
 */
public final class RecordBatches {
    public static final int MAX_RECORDS = 500;
    public static final int MAX_REQUEST_BYTES = 5 * 1024 * 1024;
    public static final int MAX_RECORD_BYTES = 1024 * 1024;

    private RecordBatches() {}

    public static <T> List<List<T>> split(List<T> records, ToIntFunction<T> size) {
        return split(records, size, MAX_RECORDS, MAX_REQUEST_BYTES);
    }

    static <T> List<List<T>> split(List<T> records, ToIntFunction<T> size, int maxRecords, int maxBytes) {
        return Chunks.of(records, maxRecords, size::applyAsInt, maxBytes);
    }
}
