package io.yubl.producers.facade;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import io.yubl.middleware.Correlation;
import io.yubl.middleware.auth.Access;
import io.yubl.middleware.http.HttpApiHandler.Endpoint;
import io.yubl.middleware.http.HttpError;
import io.yubl.middleware.http.HttpRequest;
import io.yubl.middleware.http.HttpResponse;
import io.yubl.producers.EventPublisher;
import io.yubl.producers.InvalidEventsException;
import io.yubl.producers.PublishException;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * The legacy API facade: stands in for the monolith's API. Each call becomes one domain event published through
 * {@link EventPublisher}, carrying the caller's correlation ids (the middleware makes one if absent). Bad input gets a
 * 400 naming each bad field, and then nothing is published; a stream that cannot take the event gets a 503.
 */
public final class LegacyApi {
    private static final List<String> PROFILE_FIELDS = List.of("username", "firstName", "lastName");
    private static final Map<String, String> RELATIONSHIP_FIELDS = Map.of("followerId", "userId", "followeeId", "otherUserId");
    private static final Map<String, String> YUBL_FIELDS = Map.of("authorId", "userId");
    public static final String IDEMPOTENCY_KEY = "idempotency-key";

    private final EventPublisher publisher;

    public LegacyApi(EventPublisher publisher) {
        this.publisher = publisher;
    }

    /** The service allowed to call the facade: the monolith, with its own service token. */
    public static final String CALLER = "legacy-monolith";

    /** The routes, by the route keys template.yaml declares; only the monolith may call them. */
    public List<Endpoint> endpoints() {
        Access monolith = Access.services(CALLER);
        return List.of(
                new Endpoint("POST /legacy/users", monolith, this::join),
                new Endpoint("PUT /legacy/users/{userId}", monolith, this::updateProfile),
                new Endpoint("PUT /legacy/users/{userId}/following/{otherUserId}", monolith, r -> accepted(publish(
                        new UserFollowed(r.pathParameter("userId"), r.pathParameter("otherUserId")), Body.NONE, RELATIONSHIP_FIELDS))),
                new Endpoint("DELETE /legacy/users/{userId}/following/{otherUserId}", monolith, r -> accepted(publish(
                        new UserUnfollowed(r.pathParameter("userId"), r.pathParameter("otherUserId")), Body.NONE, RELATIONSHIP_FIELDS))),
                new Endpoint("POST /legacy/users/{userId}/yubls", monolith, this::post),
                new Endpoint("DELETE /legacy/users/{userId}/yubls/{yublId}", monolith, r -> accepted(publish(
                        new YublDeleted(r.pathParameter("yublId"), r.pathParameter("userId")), Body.NONE, YUBL_FIELDS))));
    }

    private HttpResponse join(HttpRequest request) {
        Body body = Body.of(request, PROFILE_FIELDS);
        String userId = idFor(request, "user-joined:");
        EventEnvelope event = publish(new UserJoined(userId, body.text("username"), body.text("firstName"),
                body.text("lastName")), body, Map.of());
        return reply(201, Map.of("userId", userId, "eventId", event.eventId()));
    }

    private HttpResponse updateProfile(HttpRequest request) {
        Body body = Body.of(request, PROFILE_FIELDS);
        return accepted(publish(new UserProfileUpdated(request.pathParameter("userId"), body.text("username"),
                body.text("firstName"), body.text("lastName")), body, Map.of()));
    }

    private HttpResponse post(HttpRequest request) {
        Body body = Body.of(request, List.of("text"));
        String yublId = idFor(request, "yubl-posted:" + request.pathParameter("userId") + ":");
        Instant postedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        EventEnvelope event = publish(new YublPosted(yublId, request.pathParameter("userId"), body.text("text"), postedAt),
                body, YUBL_FIELDS);
        return reply(201, Map.of("yublId", yublId, "postedAt", postedAt.toString(), "eventId", event.eventId()));
    }

    /**
     * The id of what a call creates: random, or, when the caller sends an {@code idempotency-key} header, derived from
     * it, so that a call retried after a timeout names the same user or yubl, and the pipeline (idempotent by those
     * ids, the first version of a yubl winning) keeps one.
     */
    private static String idFor(HttpRequest request, String scope) {
        String key = request.header(IDEMPOTENCY_KEY);
        if (key == null) {
            return UUID.randomUUID().toString();
        }
        if (key.isBlank() || key.length() > 128) {
            throw HttpError.badRequest(IDEMPOTENCY_KEY, "must be 1 to 128 characters, was " + key.length());
        }
        return UUID.nameUUIDFromBytes((scope + key).getBytes(UTF_8)).toString();
    }

    /**
     * Publishes the payload's event, unless the request has problems: those of the body's shape and those the
     * contract finds, reported together under the names the caller used ({@code fieldNames} maps contract field names
     * to path parameter names where they differ).
     */
    private EventEnvelope publish(EventPayload payload, Body body, Map<String, String> fieldNames) {
        EventEnvelope event = EventEnvelope.of(payload, Correlation.ids());
        List<Problem> problems = new ArrayList<>(body.problems());
        Set<String> reported = new HashSet<>();
        if (event.correlation().size() > CorrelationIds.MAX) {
            problems.add(new Problem(CorrelationIds.PREFIX + "*", "at most " + CorrelationIds.MAX + " correlation headers, was "
                    + event.correlation().size() + " (SNS and SQS messages carry at most 10 attributes)"));
            reported.add("$.correlation");
        }
        problems.forEach(p -> reported.add(p.path()));
        for (Problem p : Contracts.validateEvent(event)) {
            String field = p.path().startsWith("$.payload.") ? fieldNames.getOrDefault(p.field(), p.field()) : p.path();
            if (reported.add(field)) {
                problems.add(new Problem(field, p.message()));
            }
        }
        if (!problems.isEmpty()) {
            throw HttpError.badRequest(problems);
        }
        try {
            publisher.publish(event);
            return event;
        } catch (InvalidEventsException e) {
            throw HttpError.badRequest(e.rejections().stream().flatMap(r -> r.problems().stream()).toList());
        } catch (PublishException e) {
            throw new HttpError(503, "unavailable", "the event could not be published and nothing was recorded; retry later",
                    List.of(), Map.of("retry-after", "1"));
        }
    }

    private static HttpResponse accepted(EventEnvelope event) {
        return reply(202, Map.of("eventId", event.eventId()));
    }

    private static HttpResponse reply(int status, Map<String, String> fields) {
        ObjectNode body = Contracts.json().createObjectNode();
        fields.forEach(body::put);
        body.put("correlationId", Correlation.id());
        return HttpResponse.json(status, body);
    }

    /** A request body: a JSON object of string fields; shape problems are kept to be reported with the contract's. */
    private record Body(JsonNode json, List<Problem> problems) {
        static final Body NONE = new Body(Contracts.json().createObjectNode(), List.of());

        static Body of(HttpRequest request, List<String> allowed) {
            JsonNode json = request.jsonBody();
            if (!json.isObject()) {
                throw HttpError.badRequest("body", "must be a JSON object with " + String.join(", ", allowed));
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
}
