package io.yubl.producers;

import io.yubl.contracts.EventEnvelope;
import java.util.List;

/**
 * What a publish did with each event: on the stream (with its position), or not, and why. {@code retries} counts
 * the records sent again after a transient failure (throttling, internal errors).
 */
public record PublishResult(List<Published> published, List<Unpublished> unpublished, int retries) {

    public PublishResult {
        published = List.copyOf(published);
        unpublished = List.copyOf(unpublished);
    }

    public record Published(EventEnvelope event, String shardId, String sequenceNumber) {}

    /** An event that is not on the stream; {@code attempts} is 0 when it was withheld to keep its key's order. */
    public record Unpublished(EventEnvelope event, String errorCode, String reason, int attempts) {}

    public boolean complete() {
        return unpublished.isEmpty();
    }

    /**
     * This result when every event was published; otherwise a {@link PublishException} naming each one that was not.
     */
    public PublishResult orThrow() {
        if (!complete()) {
            throw new PublishException(this);
        }
        return this;
    }
}
