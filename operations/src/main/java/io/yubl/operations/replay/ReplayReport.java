package io.yubl.operations.replay;

/**
 * What a replay did: records (or messages) replayed, dead letters skipped (they break their contract, so they stay for
 * a person to read), records no longer in the stream, and those that failed again (they stay in the queue).
 */
public record ReplayReport(String what, int replayed, int skipped, int notFound, int failed) {

    public ReplayReport plus(ReplayReport other) {
        return new ReplayReport(
                what,
                replayed + other.replayed,
                skipped + other.skipped,
                notFound + other.notFound,
                failed + other.failed);
    }

    /** Whether anything is left that a replay cannot bring back, or that failed again. */
    public boolean complete() {
        return notFound == 0 && failed == 0;
    }

    @Override
    public String toString() {
        return String.format(
                "%s: replayed %d, skipped %d (they break their contract; left in the queue), could not find %d"
                        + " (no longer in the stream), failed again %d (left in the queue)",
                what, replayed, skipped, notFound, failed);
    }
}
