package io.yubl.producers.facade;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yubl.contracts.ContractViolation;
import io.yubl.contracts.Contracts;
import io.yubl.contracts.CorrelationIds;
import io.yubl.contracts.EventEnvelope;
import io.yubl.contracts.EventPayload;
import io.yubl.contracts.Problem;
import io.yubl.contracts.UserFollowed;
import io.yubl.contracts.UserJoined;
import io.yubl.contracts.UserProfileUpdated;
import io.yubl.contracts.UserUnfollowed;
import io.yubl.contracts.YublDeleted;
import io.yubl.contracts.YublPosted;
import io.yubl.producers.EventPublisher;
import io.yubl.producers.InvalidEventsException;
import io.yubl.producers.PublishException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * The legacy API facade: stands in for the monolith's API. Each call becomes one domain event published through
 * {@link EventPublisher}, carrying the caller's correlation ids (one is generated if absent). Bad input gets a 400
 * whose body names each bad field, and then nothing is published.
 */
public final class LegacyApi {
    private static final Logger LOG = LoggerFactory.getLogger(LegacyApi.class);
    private static final List<String> PROFILE_FIELDS = List.of("username", "firstName", "lastName");
    private static final Map<String, String> RELATIONSHIP_FIELDS = Map.of("followerId", "userId", "followeeId", "otherUserId");
    private static final Map<String, String> YUBL_FIELDS = Map.of("authorId", "userId");

    private final EventPublisher publisher;

    public LegacyApi(EventPublisher publisher) {
        this.publisher = publisher;
    }

    public APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent request) {
        Map<String, String> correlation = CorrelationIds.fromHeaders(request.getHeaders());
        String correlationId = correlation.get(CorrelationIds.HEADER);
        try {
            Map<String, String> path = request.getPathParameters() == null ? Map.of() : request.getPathParameters();
            return switch (String.valueOf(request.getRouteKey())) {
                case "POST /legacy/users" -> {
                    Body body = Body.of(request, PROFILE_FIELDS);
                    String userId = UUID.randomUUID().toString();
                    EventEnvelope event = publish(new UserJoined(userId, body.text("username"),
                            body.text("firstName"), body.text("lastName")), correlation, body, Map.of());
                    yield reply(201, correlationId, Map.of("userId", userId, "eventId", event.eventId()));
                }
                case "PUT /legacy/users/{userId}" -> {
                    Body body = Body.of(request, PROFILE_FIELDS);
                    EventEnvelope event = publish(new UserProfileUpdated(path.get("userId"), body.text("username"),
                            body.text("firstName"), body.text("lastName")), correlation, body, Map.of());
                    yield reply(202, correlationId, Map.of("eventId", event.eventId()));
                }
                case "PUT /legacy/users/{userId}/following/{otherUserId}" -> {
                    EventEnvelope event = publish(new UserFollowed(path.get("userId"), path.get("otherUserId")),
                            correlation, Body.NONE, RELATIONSHIP_FIELDS);
                    yield reply(202, correlationId, Map.of("eventId", event.eventId()));
                }
                case "DELETE /legacy/users/{userId}/following/{otherUserId}" -> {
                    EventEnvelope event = publish(new UserUnfollowed(path.get("userId"), path.get("otherUserId")),
                            correlation, Body.NONE, RELATIONSHIP_FIELDS);
                    yield reply(202, correlationId, Map.of("eventId", event.eventId()));
                }
                case "POST /legacy/users/{userId}/yubls" -> {
                    Body body = Body.of(request, List.of("text"));
                    String yublId = UUID.randomUUID().toString();
                    Instant postedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                    EventEnvelope event = publish(new YublPosted(yublId, path.get("userId"), body.text("text"), postedAt),
                            correlation, body, YUBL_FIELDS);
                    yield reply(201, correlationId,
                            Map.of("yublId", yublId, "postedAt", postedAt.toString(), "eventId", event.eventId()));
                }
                case "DELETE /legacy/users/{userId}/yubls/{yublId}" -> {
                    EventEnvelope event = publish(new YublDeleted(path.get("yublId"), path.get("userId")),
                            correlation, Body.NONE, YUBL_FIELDS);
                    yield reply(202, correlationId, Map.of("eventId", event.eventId()));
                }
                default -> error(404, correlationId, "not_found", "no route " + request.getRouteKey(), List.of());
            };
        } catch (BadRequest e) {
            return error(400, correlationId, "invalid_request", e.getMessage(), e.problems);
        } catch (PublishException e) {
            LOG.error("publish failed, correlation id {}: {}", correlationId, e.getMessage());
            APIGatewayV2HTTPResponse response = error(503, correlationId, "unavailable",
                    "the event could not be published and nothing was recorded; retry later", List.of());
            response.getHeaders().put("retry-after", "1");
            return response;
        }
    }

    /**
     * Publishes the payload's event, unless the request has problems: those of the body's shape and those the
     * contract finds, reported together under the names the caller used ({@code fieldNames} maps contract field
     * names to path parameter names where they differ).
     */
    private EventEnvelope publish(EventPayload payload, Map<String, String> correlation, Body body,
                                  Map<String, String> fieldNames) {
        EventEnvelope event = EventEnvelope.of(payload, correlation);
        List<Problem> problems = new ArrayList<>(body.problems);
        Set<String> reported = new HashSet<>();
        problems.forEach(p -> reported.add(p.path()));
        for (Problem p : Contracts.validateEvent(event)) {
            String field = p.path().startsWith("$.payload.") ? fieldNames.getOrDefault(p.field(), p.field()) : p.path();
            if (!reported.contains(field)) {
                problems.add(new Problem(field, p.message()));
            }
        }
        if (!problems.isEmpty()) {
            throw BadRequest.of(problems);
        }
        try {
            publisher.publish(event);
            return event;
        } catch (InvalidEventsException e) {
            throw BadRequest.of(e.rejections().stream().flatMap(r -> r.problems().stream()).toList());
        }
    }

    /** A request body: a JSON object of string fields; shape problems are kept to be reported with the contract's. */
    private record Body(JsonNode json, List<Problem> problems) {
        static final Body NONE = new Body(Contracts.json().createObjectNode(), List.of());

        static Body of(APIGatewayV2HTTPEvent request, List<String> allowed) {
            String raw = request.getBody();
            if (raw == null || raw.isBlank()) {
                throw BadRequest.of(List.of(new Problem("body", "is required: a JSON object with " + String.join(", ", allowed))));
            }
            byte[] bytes = request.getIsBase64Encoded() ? Base64.getDecoder().decode(raw) : raw.getBytes(UTF_8);
            JsonNode json;
            try {
                json = Contracts.parse(bytes, "request body");
            } catch (ContractViolation e) {
                throw BadRequest.of(List.of(new Problem("body", e.problems().get(0).message())));
            }
            if (!json.isObject()) {
                throw BadRequest.of(List.of(new Problem("body", "must be a JSON object with " + String.join(", ", allowed))));
            }
            List<Problem> problems = new ArrayList<>();
            json.fields().forEachRemaining(f -> {
                if (!allowed.contains(f.getKey())) {
                    problems.add(new Problem(f.getKey(), "is not a known field; expected " + String.join(", ", allowed)));
                } else if (!f.getValue().isTextual() && !f.getValue().isNull()) {
                    problems.add(new Problem(f.getKey(), "must be a string"));
                }
            });
            return new Body(json, problems);
        }

        String text(String field) {
            JsonNode value = json.get(field);
            return value == null || !value.isTextual() ? null : value.asText();
        }
    }

    private static APIGatewayV2HTTPResponse reply(int status, String correlationId, Map<String, String> fields) {
        ObjectNode body = Contracts.json().createObjectNode();
        fields.forEach(body::put);
        body.put("correlationId", correlationId);
        return response(status, correlationId, body);
    }

    static APIGatewayV2HTTPResponse error(int status, String correlationId, String error, String message,
                                          List<Problem> problems) {
        ObjectNode body = Contracts.json().createObjectNode();
        body.put("error", error);
        body.put("message", message);
        if (!problems.isEmpty()) {
            var fields = body.putArray("fields");
            problems.forEach(p -> fields.addObject().put("field", p.path()).put("message", p.message()));
        }
        body.put("correlationId", correlationId);
        return response(status, correlationId, body);
    }

    private static APIGatewayV2HTTPResponse response(int status, String correlationId, ObjectNode body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.put(CorrelationIds.HEADER, correlationId);
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(status)
                .withHeaders(headers)
                .withBody(body.toString())
                .build();
    }

    /** Input the caller must fix; the message names each field. */
    private static final class BadRequest extends RuntimeException {
        final List<Problem> problems;

        private BadRequest(String message, List<Problem> problems) {
            super(message, null, false, false);
            this.problems = problems;
        }

        static BadRequest of(List<Problem> problems) {
            StringBuilder message = new StringBuilder();
            for (Problem p : problems) {
                message.append(message.isEmpty() ? "" : "; ").append(p.path()).append(": ").append(p.message());
            }
            return new BadRequest(message.toString(), problems);
        }
    }
}
