package io.yubl.contracts;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Capped exponential backoff with jitter: attempt n waits between half and all of min(cap, base * 2^(n-1)), so that
 * a throttled shard always gets some rest and retrying producers do not move in lockstep.
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofSeconds(5));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("need 0 <= baseDelay <= maxDelay, were " + baseDelay + " and " + maxDelay);
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
