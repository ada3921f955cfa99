package io.yubl.contracts;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one entry point to the contracts: JSON (de)serialization of events and fan-out messages, and validation that
 * reports every problem found, each with the JSON path it concerns. Schemas live beside the types under
 * {@code /schemas} on the classpath; each is compiled when first needed, and once: a function that reads two event
 * types never compiles the other nine schemas on its cold start.
 */
public final class Contracts {
    private static final String SCHEMA_BASE = "https://yubl.io/schemas/";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // a missing value is absent, not null, so the schema reports it as "is required"
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .build();

    /** The event version this code writes, and the highest it reads. */
    public static final int EVENT_VERSION = 1;

    private static final String UNKNOWN_FIELD = "is not a known field";
    /** Readers skip fields they do not know: a producer a deploy ahead may add optional ones. */
    private static final ObjectReader TOLERANT =
            JSON.reader().without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(
            SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(m -> m.mapPrefix(SCHEMA_BASE, "classpath:schemas/")));
    private static final SchemaValidatorsConfig SCHEMA_CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .locale(Locale.ENGLISH)
            .build();
    private static final Map<String, JsonSchema> COMPILED = new ConcurrentHashMap<>();

    private static final String ENVELOPE = "envelope.schema.json";
    private static final String FANOUT = "feed-fanout.schema.json";
    private static final String CONTINUATION = "fanout-continuation.schema.json";
    private static final String NOTIFICATION_CHANGED = "notification-changed.schema.json";

    private Contracts() {}

    /** The mapper every module uses for contract types: ISO-8601 instants, records as plain objects. */
    public static ObjectMapper json() {
        return JSON;
    }

    /** Every problem with this event as it would travel on the stream; empty when it is valid. */
    public static List<Problem> validateEvent(JsonNode event) {
        List<Problem> problems = problems(ENVELOPE, event, "");
        JsonNode type = event.path("type");
        JsonNode payload = event.path("payload");
        if (payload.isObject()) {
            EventType.fromWireName(type.asText()).ifPresent(t -> {
                problems.addAll(problems(t.payloadSchema(), payload, ".payload"));
                problems.addAll(rules(t, payload));
            });
        }
        return problems;
    }

    public static List<Problem> validateEvent(EventEnvelope event) {
        return validateEvent(JSON.valueToTree(event));
    }

    public static List<Problem> validateFanout(JsonNode message) {
        return problems(FANOUT, message, "");
    }

    /** The event's JSON, after checking it against its contract. */
    public static byte[] encodeEvent(EventEnvelope event) {
        JsonNode tree = JSON.valueToTree(event);
        throwIfAny("event " + event.eventId(), validateEvent(tree));
        return write(tree);
    }

    /**
     * The event in these bytes, read as a tolerant reader: fields it does not know, in the envelope or the payload,
     * are skipped (a producer deployed first may add optional ones). A {@link ContractViolation} names every other
     * problem; an {@link UnsupportedVersionException} says the event is of a version newer than this code reads.
     */
    public static EventEnvelope decodeEvent(byte[] json) {
        JsonNode tree = parse(json, "event");
        JsonNode version = tree.path("version");
        if (version.canConvertToInt() && version.isIntegralNumber() && version.asInt() > EVENT_VERSION) {
            throw new UnsupportedVersionException("event", version.asInt(), EVENT_VERSION);
        }
        throwIfAny("event", known(validateEvent(tree)));
        EventType type = EventType.fromWireName(tree.get("type").asText()).orElseThrow();
        Map<String, String> correlation = new LinkedHashMap<>();
        tree.get("correlation")
                .fields()
                .forEachRemaining(e -> correlation.put(e.getKey(), e.getValue().asText()));
        try {
            return new EventEnvelope(
                    tree.get("eventId").asText(),
                    type,
                    tree.get("version").asInt(),
                    Instant.parse(tree.get("occurredAt").asText()),
                    correlation,
                    TOLERANT.forType(type.payloadType()).readValue(tree.get("payload")));
        } catch (IOException | RuntimeException e) {
            throw new ContractViolation("event", List.of(new Problem("$", "cannot be read: " + e.getMessage())));
        }
    }

    public static String encodeFanout(FeedFanoutMessage message) {
        return encodeMessage(message, FANOUT, "fan-out message for yubl " + message.yublId());
    }

    public static FeedFanoutMessage decodeFanout(String json) {
        return decodeMessage(json, FANOUT, FeedFanoutMessage.class, "fan-out message");
    }

    public static String encodeContinuation(FanoutContinuation continuation) {
        return encodeMessage(continuation, CONTINUATION, "fan-out continuation for yubl " + continuation.yublId());
    }

    public static FanoutContinuation decodeContinuation(String json) {
        return decodeMessage(json, CONTINUATION, FanoutContinuation.class, "fan-out continuation");
    }

    public static String encodeNotificationChanged(NotificationChanged message) {
        return encodeMessage(
                message, NOTIFICATION_CHANGED, "notification " + message.notificationId() + " of " + message.userId());
    }

    public static NotificationChanged decodeNotificationChanged(String json) {
        return decodeMessage(json, NOTIFICATION_CHANGED, NotificationChanged.class, "notification-changed message");
    }

    private static String encodeMessage(Object message, String schema, String what) {
        JsonNode tree = JSON.valueToTree(message);
        throwIfAny(what, problems(schema, tree, ""));
        return new String(write(tree), UTF_8);
    }

    /** Read as events are: fields this code does not know are skipped. */
    private static <T> T decodeMessage(String json, String schema, Class<T> type, String what) {
        JsonNode tree = parse(json.getBytes(UTF_8), what);
        throwIfAny(what, known(problems(schema, tree, "")));
        try {
            return TOLERANT.forType(type).readValue(tree);
        } catch (JacksonException e) {
            throw new ContractViolation(what, List.of(new Problem("$", "cannot be read: " + e.getOriginalMessage())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses JSON, turning malformed input into a {@link ContractViolation} that says where it broke. */
    public static JsonNode parse(byte[] json, String what) {
        try {
            JsonNode tree = JSON.readTree(json);
            if (tree == null || tree.isMissingNode()) {
                throw new ContractViolation(what, List.of(new Problem("$", "is empty; a JSON object is expected")));
            }
            return tree;
        } catch (JacksonException e) {
            String where = e.getLocation() == null
                    ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr();
            throw new ContractViolation(
                    what, List.of(new Problem("$", "is not valid JSON" + where + ": " + e.getOriginalMessage())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] write(JsonNode tree) {
        try {
            return JSON.writeValueAsBytes(tree);
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private static void throwIfAny(String what, List<Problem> problems) {
        if (!problems.isEmpty()) {
            throw new ContractViolation(what, problems);
        }
    }

    /** The schema at this path under {@code /schemas}, compiled the first time it is asked for. */
    private static JsonSchema schema(String path) {
        return COMPILED.computeIfAbsent(
                path, p -> SCHEMAS.getSchema(SchemaLocation.of(SCHEMA_BASE + p), SCHEMA_CONFIG));
    }

    private static List<Problem> problems(String schema, JsonNode node, String pathPrefix) {
        List<Problem> problems = new ArrayList<>();
        for (ValidationMessage m : schema(schema).validate(node)) {
            String path = "$" + pathPrefix + dotted(m.getInstanceLocation());
            if (("required".equals(m.getType()) || "additionalProperties".equals(m.getType()))
                    && m.getProperty() != null) {
                path = path + "." + m.getProperty();
            }
            String message = "required".equals(m.getType())
                    ? "is required"
                    : "additionalProperties".equals(m.getType()) ? UNKNOWN_FIELD : m.getError();
            if ("dependentRequired".equals(m.getType()) && m.getArguments() != null && m.getArguments().length >= 2) {
                // the missing field, and the one that needs it
                path = path + "." + m.getArguments()[0];
                message = "is required when " + m.getArguments()[1] + " is given";
            }
            problems.add(new Problem(path, message));
        }
        return problems;
    }

    /** The problems a reader cares about: all but fields it does not know. */
    private static List<Problem> known(List<Problem> problems) {
        return problems.stream().filter(p -> !UNKNOWN_FIELD.equals(p.message())).toList();
    }

    private static String dotted(JsonNodePath location) {
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            path.append(element instanceof Integer ? "[" + element + "]" : "." + element);
        }
        return path.toString();
    }

    /** Rules a schema cannot say. */
    private static List<Problem> rules(EventType type, JsonNode payload) {
        List<Problem> problems = new ArrayList<>();
        if (type == EventType.USER_FOLLOWED || type == EventType.USER_UNFOLLOWED) {
            JsonNode follower = payload.get("followerId");
            if (follower != null && Objects.equals(follower, payload.get("followeeId"))) {
                problems.add(new Problem("$.payload.followeeId", "a user cannot follow themselves"));
            }
        }
        return problems;
    }
}
