package io.yubl.contracts;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

/**
 * What travels on the stream: a payload with the metadata every consumer needs. {@code eventId} is unique per event
 * (logs and dead letters name it). Consumers stay idempotent under at-least-once delivery through what their writes
 * are keyed and versioned by (ids, event time), not by remembering event ids.
 */
public record EventEnvelope(
        String eventId,
        EventType type,
        int version,
        Instant occurredAt,
        Map<String, String> correlation,
        EventPayload payload) {

    public static final int CURRENT_VERSION = 1;

    public EventEnvelope {
        correlation = correlation == null ? Map.of() : Map.copyOf(correlation);
    }

    /** A new event of the payload's type, with a fresh id, stamped now (millisecond precision, as on the wire). */
    public static EventEnvelope of(EventPayload payload, Map<String, String> correlation) {
        return new EventEnvelope(
                UUID.randomUUID().toString(),
                EventType.of(payload),
                CURRENT_VERSION,
                Instant.now().truncatedTo(ChronoUnit.MILLIS),
                correlation,
                payload);
    }

    public String partitionKey() {
        return payload.partitionKey();
    }

    public String correlationId() {
        return correlation.get(CorrelationIds.HEADER);
    }
}
