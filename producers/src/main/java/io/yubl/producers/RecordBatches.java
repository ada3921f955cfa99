package io.yubl.producers;

import java.util.ArrayList;
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
        List<List<T>> batches = new ArrayList<>();
        List<T> current = new ArrayList<>();
        long bytes = 0;
        for (T record : records) {
            int recordBytes = size.applyAsInt(record);
            if (recordBytes > maxBytes) {
                throw new IllegalArgumentException(
                        "a record of " + recordBytes + " bytes cannot fit a request of " + maxBytes);
            }
            if (current.size() == maxRecords || bytes + recordBytes > maxBytes) {
                batches.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(record);
            bytes += recordBytes;
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return batches;
    }
}
