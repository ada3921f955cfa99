package io.yubl.contracts;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/** A list cut into consecutive chunks of at most a given size, as the AWS batch calls take them. */
public final class Chunks {
    private Chunks() {}

    /** Views of the list (not copies), in order; an empty list gives no chunk. */
    public static <T> List<List<T>> of(List<T> items, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a chunk holds at least one item, was " + size);
        }
        List<List<T>> chunks = new ArrayList<>((items.size() + size - 1) / size);
        for (int from = 0; from < items.size(); from += size) {
            chunks.add(items.subList(from, Math.min(items.size(), from + size)));
        }
        return chunks;
    }

    /**
     * Consecutive chunks, in order, each as full as a batch call allows: at most {@code maxItems} items and
     * {@code maxBytes} in all, by the given size of an item. An item larger than {@code maxBytes} alone is refused.
     */
    public static <T> List<List<T>> of(List<T> items, int maxItems, ToLongFunction<T> size, long maxBytes) {
        List<List<T>> chunks = new ArrayList<>();
        List<T> chunk = new ArrayList<>();
        long bytes = 0;
        for (T item : items) {
            long itemBytes = size.applyAsLong(item);
            if (itemBytes > maxBytes) {
                throw new IllegalArgumentException(
                        "an item of " + itemBytes + " bytes cannot fit a request of " + maxBytes + " bytes");
            }
            if (chunk.size() == maxItems || bytes + itemBytes > maxBytes) {
                chunks.add(chunk);
                chunk = new ArrayList<>();
                bytes = 0;
            }
            chunk.add(item);
            bytes += itemBytes;
        }
        if (!chunk.isEmpty()) {
            chunks.add(chunk);
        }
        return chunks;
    }
}
