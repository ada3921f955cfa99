package io.yubl.runtime;

import io.yubl.contracts.CorrelationIds;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * The correlation ids of the work in hand, on this thread. The middleware sets them from what triggered the work
 * (HTTP headers, the event's envelope, SNS message attributes); they go on every log line (they live in the MDC) and
 * every outgoing call (HTTP headers, new events' envelopes, SNS message attributes).
 */
public final class Correlation {
    private Correlation() {}

    /** Makes these the current ids (a new x-correlation-id is made if they have none). */
    public static Map<String, String> begin(Map<String, String> ids) {
        end();
        Map<String, String> complete = CorrelationIds.fromHeaders(ids);
        complete.forEach(MDC::put);
        return complete;
    }

    public static void end() {
        Map<String, String> context = MDC.getCopyOfContextMap();
        if (context != null) {
            context.keySet().stream()
                    .filter(k -> k.startsWith(CorrelationIds.PREFIX))
                    .forEach(MDC::remove);
        }
    }

    /** The current ids, to pass on; empty outside of any work. */
    public static Map<String, String> ids() {
        Map<String, String> ids = new LinkedHashMap<>();
        Map<String, String> context = MDC.getCopyOfContextMap();
        if (context != null) {
            context.forEach((k, v) -> {
                if (k.startsWith(CorrelationIds.PREFIX)) {
                    ids.put(k, v);
                }
            });
        }
        return ids;
    }

    /**
     * The work, to be run on another thread with this thread's log context (the correlation ids among it), which is
     * cleared from that thread afterwards.
     */
    public static <T> Supplier<T> carried(Supplier<T> work) {
        Map<String, String> context = MDC.getCopyOfContextMap();
        return () -> {
            if (context != null) {
                MDC.setContextMap(context);
            }
            try {
                return work.get();
            } finally {
                MDC.clear();
            }
        };
    }

    public static String id() {
        return MDC.get(CorrelationIds.HEADER);
    }
}
