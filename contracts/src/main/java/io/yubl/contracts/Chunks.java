package io.yubl.contracts;

import java.util.ArrayList;
import java.util.List;

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
}
