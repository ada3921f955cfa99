package io.yubl.producers;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Keeps per-partition-key order through retries. A PutRecords request may fail one record and succeed the next; if
 * both had the same key, retrying the first would land it after the second. So each round holds at most one record
 * per key, and a key's next record is only sent once its previous one is on the stream. When a record fails for
 * good, the records queued behind it under the same key are withheld (never sent out of order) and reported.
 */
final class PartitionQueues<T> {
    private final Map<String, Deque<T>> queues = new LinkedHashMap<>();

    PartitionQueues(List<T> items, Function<T, String> key) {
        for (T item : items) {
            queues.computeIfAbsent(key.apply(item), k -> new ArrayDeque<>()).add(item);
        }
    }

    boolean isEmpty() {
        return queues.isEmpty();
    }

    /** The head of every key's queue, in first-seen key order; each is removed from its queue. */
    List<T> nextRound() {
        List<T> round = new ArrayList<>(queues.size());
        var it = queues.values().iterator();
        while (it.hasNext()) {
            Deque<T> queue = it.next();
            round.add(queue.poll());
            if (queue.isEmpty()) {
                it.remove();
            }
        }
        return round;
    }

    /** Drops what is still queued under this key, to be reported rather than sent out of order. */
    List<T> withholdRest(String key) {
        Deque<T> rest = queues.remove(key);
        return rest == null ? List.of() : List.copyOf(rest);
    }
}
