package io.yubl.processors.distribute;

import io.yubl.stores.Page;
import java.util.List;
import java.util.Optional;

/**
 * The follower pages one invocation reads: from a cursor (none at the start of a fan-out), at most a budget of them.
 * Once they are read, {@link #rest()} says where the fan-out goes on from, if anywhere.
 */
final class BudgetedPages implements FollowerBatches.Pages {

    /** One page of the author's followers from a cursor (null: the first page). */
    @FunctionalInterface
    interface Source {
        Page<String> page(String cursor);
    }

    private final Source source;
    private final int budget;
    private String cursor;
    private boolean exhausted;
    private int read;

    BudgetedPages(Source source, String from, int budget) {
        if (budget < 1) {
            throw new IllegalArgumentException("the page budget must be at least 1, was " + budget);
        }
        this.source = source;
        this.cursor = from;
        this.budget = budget;
    }

    @Override
    public List<String> next() {
        if (exhausted || read == budget) {
            return null;
        }
        Page<String> page = source.page(cursor);
        read++;
        cursor = page.nextCursor();
        exhausted = cursor == null;
        return page.items();
    }

    /** How many pages were read. */
    int read() {
        return read;
    }

    /** The cursor of the first page not read, when the budget ran out before the followers did. */
    Optional<String> rest() {
        return exhausted ? Optional.empty() : Optional.ofNullable(cursor);
    }
}
