package io.yubl.contracts;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The correlation ids that follow a request through the pipeline: {@code x-correlation-id} always, and any other
 * {@code x-correlation-*} header the caller sent ("and friends", e.g. {@code x-correlation-user-id}).
 */
public final class CorrelationIds {
    public static final String HEADER = "x-correlation-id";
    public static final String PREFIX = "x-correlation-";
    /**
     * The most correlation ids an event carries: SNS and SQS carry at most 10 attributes per message, and the
     * pipeline's messages need room for attributes of their own (a dead letter's reason).
     */
    public static final int MAX = 8;

    private CorrelationIds() {}

    /** The correlation ids among these headers (names compared case-insensitively), with an id generated if absent. */
    public static Map<String, String> fromHeaders(Map<String, String> headers) {
        Map<String, String> ids = new LinkedHashMap<>();
        if (headers != null) {
            headers.forEach((name, value) -> {
                String lower = name.toLowerCase(Locale.ROOT);
                if (lower.startsWith(PREFIX) && value != null && !value.isBlank()) {
                    ids.put(lower, value.trim());
                }
            });
        }
        ids.putIfAbsent(HEADER, UUID.randomUUID().toString());
        return ids;
    }
}
