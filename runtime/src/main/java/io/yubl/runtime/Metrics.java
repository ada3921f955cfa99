package io.yubl.runtime;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yubl.contracts.Contracts;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Metrics as CloudWatch Embedded Metric Format lines on stdout: CloudWatch turns them into metrics, and nothing
 * blocks on an API call. Within an invocation the middleware collects them and writes one line at its end; outside
 * of one, on Lambda, each is written at once; outside of Lambda and of any invocation (the monolith calling
 * EventPublisher, a test) they are not written, since nothing there turns stdout into metrics.
 * Namespace {@code yubl}, dimension {@code function}.
 */
public final class Metrics {
    public static final String NAMESPACE = "yubl";

    public enum Unit {
        Count,
        Milliseconds,
        None
    }

    public record Value(double value, Unit unit) {}

    private static final ThreadLocal<Map<String, Value>> SCOPE = new ThreadLocal<>();
    private static final boolean ON_LAMBDA = System.getenv("AWS_LAMBDA_FUNCTION_NAME") != null;

    /** The current invocation's metrics, to hand to threads working for it (see {@link #within}). */
    public static Map<String, Value> scope() {
        return SCOPE.get();
    }

    /** Runs work on this thread as part of the invocation whose scope is given. */
    public static <T> T within(Map<String, Value> scope, Supplier<T> work) {
        SCOPE.set(scope);
        try {
            return work.get();
        } finally {
            SCOPE.remove();
        }
    }

    private Metrics() {}

    public static void count(String name, long n) {
        add(name, n, Unit.Count);
    }

    public static void milliseconds(String name, double millis) {
        put(name, millis, Unit.Milliseconds);
    }

    /** Sets a value (the last one of an invocation wins). */
    public static void put(String name, double value, Unit unit) {
        Map<String, Value> scope = SCOPE.get();
        if (scope != null) {
            scope.put(name, new Value(value, unit));
        } else if (ON_LAMBDA) {
            write(Map.of(name, new Value(value, unit)));
        }
    }

    /** Adds to a value (counts within an invocation add up). */
    public static void add(String name, double value, Unit unit) {
        Map<String, Value> scope = SCOPE.get();
        if (scope != null) {
            scope.merge(name, new Value(value, unit), (a, b) -> new Value(a.value + b.value, a.unit));
        } else if (ON_LAMBDA) {
            write(Map.of(name, new Value(value, unit)));
        }
    }

    /** An invocation starts (the middleware's Invocation): its metrics add up until it ends. */
    public static void beginInvocation() {
        SCOPE.set(new ConcurrentHashMap<>());
    }

    /** An invocation ends: its metrics are written as one EMF line. */
    public static void endInvocation() {
        Map<String, Value> scope = SCOPE.get();
        SCOPE.remove();
        if (scope != null && !scope.isEmpty()) {
            write(scope);
        }
    }

    private static void write(Map<String, Value> values) {
        ObjectNode line = Contracts.json().createObjectNode();
        ObjectNode aws = line.putObject("_aws");
        aws.put("Timestamp", System.currentTimeMillis());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", NAMESPACE);
        directive.putArray("Dimensions").addArray().add("function");
        ArrayNode metrics = directive.putArray("Metrics");
        line.put("function", Environment.functionName());
        String correlationId = Correlation.id();
        if (correlationId != null) {
            line.put("x-correlation-id", correlationId);
        }
        values.forEach((name, v) -> {
            metrics.addObject().put("Name", name).put("Unit", v.unit().name());
            line.put(name, v.value());
        });
        System.out.println(line);
    }
}
