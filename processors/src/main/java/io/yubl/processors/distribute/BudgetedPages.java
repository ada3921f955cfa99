package io.yubl.processors.distribute;

import io.yubl.runtime.Correlation;
import io.yubl.stores.Page;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The follower pages one invocation reads: from a cursor (none at the start of a fan-out), at most a budget of them.
 * Once they are read, {@link #rest()} says where the fan-out goes on from, if anywhere. The page after the one handed
 * out is asked for at once, within the budget, so that it is on its way while the caller publishes this one: a walk
 * reads one page after another, and a fan-out's time is mostly its walk.
 */
final class BudgetedPages implements FollowerBatches.Pages {
    private static final ExecutorService AHEAD = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "follower-pages");
        t.setDaemon(true);
        return t;
    });

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
    private CompletableFuture<Page<String>> ahead;

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
        Page<String> page = ahead == null ? source.page(cursor) : arrived(ahead);
        ahead = null;
        read++;
        cursor = page.nextCursor();
        exhausted = cursor == null;
        if (!exhausted && read < budget) {
            String from = cursor;
            ahead = CompletableFuture.supplyAsync(Correlation.carried(() -> source.page(from)), AHEAD);
        }
        return page.items();
    }

    /** The page asked for ahead, or what failed it, as if it had been asked for now. */
    private static Page<String> arrived(CompletableFuture<Page<String>> ahead) {
        try {
            return ahead.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw e;
        }
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
