package io.yubl.processors.distribute;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Groups followers, arriving page by page, into fan-out batches of a fixed size, starting with the author (whose own
 * feed gets the yubl too) when the fan-out starts here rather than continuing. Pages are pulled only as batches are
 * needed, so memory stays bounded however many followers there are. A follower listed twice (pages shifting under
 * concurrent follows) is batched once.
 */
public final class FollowerBatches implements Iterable<List<String>> {

    /** The source of follower pages: the next page (possibly empty), or null when there are no more. */
    @FunctionalInterface
    public interface Pages {
        List<String> next();
    }

    private final String authorId;
    private final boolean withAuthor;
    private final Pages pages;
    private final int batchSize;

    /** @param withAuthor whether the author's own feed is in the first batch (false for a continued fan-out) */
    public FollowerBatches(String authorId, boolean withAuthor, Pages pages, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, was " + batchSize);
        }
        this.authorId = authorId;
        this.withAuthor = withAuthor;
        this.pages = pages;
        this.batchSize = batchSize;
    }

    @Override
    public Iterator<List<String>> iterator() {
        return new Iterator<>() {
            private final Set<String> seen = new LinkedHashSet<>(List.of(authorId));
            private final List<String> buffer = new ArrayList<>(withAuthor ? List.of(authorId) : List.of());
            private boolean exhausted;

            @Override
            public boolean hasNext() {
                fill();
                return !buffer.isEmpty();
            }

            @Override
            public List<String> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                List<String> batch = new ArrayList<>(buffer.subList(0, Math.min(batchSize, buffer.size())));
                buffer.subList(0, batch.size()).clear();
                return batch;
            }

            private void fill() {
                while (!exhausted && buffer.size() < batchSize) {
                    List<String> page = pages.next();
                    if (page == null) {
                        exhausted = true;
                        break;
                    }
                    for (String follower : page) {
                        if (seen.add(follower)) {
                            buffer.add(follower);
                        }
                    }
                }
            }
        };
    }
}
