package io.yubl.contracts;

import java.time.Instant;

/**
 * The rest of one walk of a yubl's fan-out, handed on when an invocation has spent its budget of follower pages, or
 * when a large fan-out is cut into walks side by side: the yubl, and where the walk goes on from, which is either the
 * relationship API's cursor to its next page of the author's followers, or (a walk not started yet) the first id of
 * its range, {@code from}. {@code before} is the id its range ends before (null: the last walk, to the end). The walk
 * and its pages done name the step, so that the same step sent twice is one message. Correlation ids travel beside it
 * as SQS message attributes.
 */
public record FanoutContinuation(
        String yublId,
        String authorId,
        Instant postedAt,
        String followersCursor,
        int pagesDone,
        int walk,
        String from,
        String before) {

    /** The start of a yubl's fan-out: walk 0, from the first follower. */
    public static FanoutContinuation start(String yublId, String authorId, Instant postedAt) {
        return new FanoutContinuation(yublId, authorId, postedAt, null, 0, 0, null, null);
    }

    /** Whether this is the start of the fan-out, rather than a walk's next step or a walk of a range. */
    public boolean startsTheFanOut() {
        return followersCursor == null && from == null;
    }

    /** A walk of the same fan-out over the range from {@code from} (null: its start) up to {@code before}. */
    public FanoutContinuation walkOf(int walk, String from, String before) {
        return new FanoutContinuation(yublId, authorId, postedAt, null, 0, walk, from, before);
    }

    /** The same walk's next step: from the cursor, with {@code pages} more done. */
    public FanoutContinuation next(String cursor, int pages) {
        return new FanoutContinuation(yublId, authorId, postedAt, cursor, pagesDone + pages, walk, null, before);
    }
}
