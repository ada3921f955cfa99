package io.yubl.contracts;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Capped exponential backoff with jitter: attempt n waits between half and all of min(cap, base * 2^(n-1)), so that
 * a throttled shard always gets some rest and retrying producers do not move in lockstep. The one retry loop of the
 * project: {@link #untilDone} for batch calls that leave a part undone (PutRecords, PublishBatch, BatchWriteItem,
 * BatchGetItem), {@link #call} for a call that fails as a whole.
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofSeconds(5));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException(
                    "need 0 <= baseDelay <= maxDelay, were " + baseDelay + " and " + maxDelay);
        }
    }

    /** How long to wait after the given failed attempt (1 = the first). */
    public Duration delayAfter(int attempt) {
        long capMillis = maxDelay.toMillis();
        long exponential = baseDelay.toMillis() << Math.min(attempt - 1, 30);
        long ceiling = Math.min(capMillis, exponential < 0 ? capMillis : exponential);
        long half = ceiling / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(ceiling - half + 1));
    }

    /** What a batch left undone after its attempts, and whether that is nothing. */
    public record Retried<W>(W left, int attempts, boolean done) {}

    /**
     * Runs {@code attempt} on the work, then on what each attempt leaves undone, backing off between attempts, until
     * an attempt leaves nothing ({@code done}) or {@link #maxAttempts} have run. The attempt is given its number
     * (1 = the first); it throws to stop at once (a permanent failure).
     */
    public <W> Retried<W> untilDone(W work, Predicate<W> done, BiFunction<W, Integer, W> attempt) {
        W left = work;
        int attempts = 0;
        while (!done.test(left)) {
            if (attempts == maxAttempts) {
                return new Retried<>(left, attempts, false);
            }
            if (attempts > 0) {
                pause(attempts);
            }
            attempts++;
            left = attempt.apply(left, attempts);
        }
        return new Retried<>(left, attempts, true);
    }

    /** A failure worth another attempt: throttling, a 5xx, a connection that broke. */
    public static final class TransientFailure extends RuntimeException {
        public TransientFailure(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The call's result, calling it again with backoff while it throws {@link TransientFailure}; after
     * {@link #maxAttempts} it throws an IllegalStateException naming {@code what} and the last failure. Anything else
     * it throws goes through at once.
     */
    public <T> T call(String what, Supplier<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (TransientFailure e) {
                if (attempt >= maxAttempts) {
                    throw new IllegalStateException(what + " failed " + attempt + " times; last: " + e.getMessage());
                }
                pause(attempt);
            }
        }
    }

    /** Waits {@link #delayAfter(int)} the given failed attempt. */
    public void pause(int attempt) {
        try {
            Thread.sleep(delayAfter(attempt).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off", e);
        }
    }
}
