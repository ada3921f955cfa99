package io.yubl.facade;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yubl.contracts.Contracts;
import io.yubl.contracts.CorrelationIds;
import io.yubl.contracts.EventEnvelope;
import io.yubl.contracts.EventPayload;
import io.yubl.contracts.Problem;
import io.yubl.contracts.RetryPolicy;
import io.yubl.contracts.UserFollowed;
import io.yubl.contracts.UserJoined;
import io.yubl.contracts.UserProfileUpdated;
import io.yubl.contracts.UserUnfollowed;
import io.yubl.contracts.YublDeleted;
import io.yubl.contracts.YublPosted;
import io.yubl.middleware.auth.Access;
import io.yubl.middleware.http.HttpApiHandler.Endpoint;
import io.yubl.middleware.http.HttpError;
import io.yubl.middleware.http.HttpRequest;
import io.yubl.middleware.http.HttpResponse;
import io.yubl.producers.EventPublisher;
import io.yubl.producers.InvalidEventsException;
import io.yubl.producers.PublishResult;
import io.yubl.runtime.Clients;
import io.yubl.runtime.Correlation;
import io.yubl.runtime.Environment;
import io.yubl.runtime.Metrics;
import io.yubl.stores.Dynamo;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The legacy API facade: stands in for the monolith's API. Each call becomes one domain event published through
 * {@link EventPublisher}, carrying the caller's correlation ids (the middleware makes one if absent). Bad input gets a
 * 400 naming each bad field, and then nothing is published; a stream that cannot take the event gets a 503; an
 * idempotency key sent again with another request gets a 422.
 */
public final class LegacyApi {
    private static final List<String> PROFILE_FIELDS =
            List.of("username", "firstName", "lastName", "email", "emailDigests");
    /** The fields that are true or false; every other field is a string. */
    private static final Set<String> FLAGS = Set.of("emailDigests");

    private static final Map<String, String> RELATIONSHIP_FIELDS =
            Map.of("followerId", "userId", "followeeId", "otherUserId");
    private static final Map<String, String> YUBL_FIELDS = Map.of("authorId", "userId");
    public static final String IDEMPOTENCY_KEY = "idempotency-key";

    private final EventPublisher publisher;
    private final IdempotencyKeys keys;

    /** On Lambda: the events stream's publisher and the idempotency keys' table the template names. */
    public static LegacyApi fromEnvironment() {
        return new LegacyApi(
                new EventPublisher(
                        Clients.build(KinesisClient.builder()),
                        Environment.required("EVENTS_STREAM"),
                        RetryPolicy.DEFAULT),
                IdempotencyKeys.fromEnvironment(Dynamo.client()));
    }

    public LegacyApi(EventPublisher publisher, IdempotencyKeys keys) {
        this.publisher = publisher;
        this.keys = keys;
    }

    /** The service allowed to call the facade: the monolith, with its own service token. */
    public static final String CALLER = "legacy-monolith";

    /** The routes, by the route keys template.yaml declares; only the monolith may call them. */
    public List<Endpoint> endpoints() {
        Access monolith = Access.services(CALLER);
        return List.of(
                new Endpoint("POST /legacy/users", monolith, this::join),
                new Endpoint("PUT /legacy/users/{userId}", monolith, this::updateProfile),
                new Endpoint(
                        "PUT /legacy/users/{userId}/following/{otherUserId}",
                        monolith,
                        r -> accepted(validated(
                                new UserFollowed(r.pathParameter("userId"), r.pathParameter("otherUserId")),
                                Body.NONE,
                                RELATIONSHIP_FIELDS))),
                new Endpoint(
                        "DELETE /legacy/users/{userId}/following/{otherUserId}",
                        monolith,
                        r -> accepted(validated(
                                new UserUnfollowed(r.pathParameter("userId"), r.pathParameter("otherUserId")),
                                Body.NONE,
                                RELATIONSHIP_FIELDS))),
                new Endpoint("POST /legacy/users/{userId}/yubls", monolith, this::post),
                new Endpoint(
                        "DELETE /legacy/users/{userId}/yubls/{yublId}",
                        monolith,
                        r -> accepted(validated(
                                new YublDeleted(r.pathParameter("yublId"), r.pathParameter("userId")),
                                Body.NONE,
                                YUBL_FIELDS))));
    }

    private HttpResponse join(HttpRequest request) {
        Body body = Body.of(request, PROFILE_FIELDS);
        return created(request, body, "user-joined:", userId -> {
            EventEnvelope event = validated(
                    new UserJoined(
                            userId,
                            body.text("username"),
                            body.text("firstName"),
                            body.text("lastName"),
                            body.text("email"),
                            body.flag("emailDigests")),
                    body,
                    Map.of());
            return new Creation(event, Map.of("userId", userId, "eventId", event.eventId()));
        });
    }

    private HttpResponse updateProfile(HttpRequest request) {
        Body body = Body.of(request, PROFILE_FIELDS);
        return accepted(validated(
                new UserProfileUpdated(
                        request.pathParameter("userId"),
                        body.text("username"),
                        body.text("firstName"),
                        body.text("lastName"),
                        body.text("email"),
                        body.flag("emailDigests")),
                body,
                Map.of()));
    }

    private HttpResponse post(HttpRequest request) {
        Body body = Body.of(request, List.of("text"));
        String authorId = request.pathParameter("userId");
        return created(request, body, "yubl-posted:" + authorId + ":", yublId -> {
            Instant postedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            EventEnvelope event =
                    validated(new YublPosted(yublId, authorId, body.text("text"), postedAt), body, YUBL_FIELDS);
            return new Creation(
                    event, Map.of("yublId", yublId, "postedAt", postedAt.toString(), "eventId", event.eventId()));
        });
    }

    /** The event a call creates, validated, and what the caller is told once it is published. */
    private record Creation(EventEnvelope event, Map<String, String> reply) {}

    /**
     * Publishes what a call creates (a 201). Its id is random or, when the caller sends an {@code idempotency-key}
     * header, derived from the key within the scope, so that a call retried after a timeout names the same user or
     * yubl. A key is bound to the request that first used it ({@link IdempotencyKeys}): that request again gets the
     * first reply, another request a 422. A request that fails validation binds nothing.
     */
    private HttpResponse created(HttpRequest request, Body body, String scope, Function<String, Creation> prepare) {
        String key = request.header(IDEMPOTENCY_KEY);
        if (key == null) {
            Creation creation = prepare.apply(UUID.randomUUID().toString());
            send(creation.event());
            return reply(201, creation.reply());
        }
        if (key.isBlank() || key.length() > 128) {
            throw HttpError.badRequest(IDEMPOTENCY_KEY, "must be 1 to 128 characters, was " + key.length());
        }
        String id = UUID.nameUUIDFromBytes((scope + key).getBytes(UTF_8)).toString();
        Creation creation = prepare.apply(id);
        try {
            Optional<Map<String, String>> earlier = keys.claim(key, id, body.fingerprint());
            if (earlier.isPresent()) {
                return reply(201, earlier.get());
            }
        } catch (IdempotencyKeys.KeyReusedException e) {
            throw new HttpError(
                    422,
                    "idempotency_key_reused",
                    "idempotency key '" + e.key() + "' was used with another" + " request in the last "
                            + IdempotencyKeys.RETENTION.toHours() + " h; send a new key with a new request",
                    List.of(new Problem(IDEMPOTENCY_KEY, "already used with another request")),
                    Map.of());
        } catch (SdkException e) {
            throw unavailable("the idempotency key could not be checked");
        }
        send(creation.event());
        try {
            keys.remember(id, creation.reply());
        } catch (SdkException e) {
            // published, but its reply not kept: the retry publishes the same id again, which the pipeline keeps once
            throw unavailable("the event was published but its idempotency key could not be updated");
        }
        return reply(201, creation.reply());
    }

    /**
     * A 503 with retry-after: a store or stream the facade needs cannot be reached; the same request may be retried.
     */
    private static HttpError unavailable(String what) {
        return new HttpError(503, "unavailable", what + "; retry later", List.of(), Map.of("retry-after", "1"));
    }

    /**
     * The payload's event, unless the request has problems: those of the body's shape and those the contract finds,
     * reported together (400) under the names the caller used ({@code fieldNames} maps contract field names to path
     * parameter names where they differ).
     */
    private static EventEnvelope validated(EventPayload payload, Body body, Map<String, String> fieldNames) {
        EventEnvelope event = EventEnvelope.of(payload, Correlation.ids());
        List<Problem> problems = new ArrayList<>(body.problems());
        Set<String> reported = new HashSet<>();
        if (event.correlation().size() > CorrelationIds.MAX) {
            problems.add(new Problem(
                    CorrelationIds.PREFIX + "*",
                    "at most " + CorrelationIds.MAX + " correlation headers, was "
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
        return event;
    }

    /** Publishes the event, with its counts as metrics; a stream that cannot take it is a 503. */
    private void send(EventEnvelope event) {
        PublishResult result;
        try {
            result = publisher.publish(List.of(event));
        } catch (InvalidEventsException e) {
            throw HttpError.badRequest(
                    e.rejections().stream().flatMap(r -> r.problems().stream()).toList());
        }
        Metrics.count("EventsToPublish", 1);
        Metrics.count("PublishRetries", result.retries());
        if (!result.complete()) {
            Metrics.count("EventsNotPublished", result.unpublished().size());
            throw unavailable("the event could not be published and nothing was recorded");
        }
    }

    private HttpResponse accepted(EventEnvelope event) {
        send(event);
        return reply(202, Map.of("eventId", event.eventId()));
    }

    private static HttpResponse reply(int status, Map<String, String> fields) {
        ObjectNode body = Contracts.json().createObjectNode();
        fields.forEach(body::put);
        body.put("correlationId", Correlation.id());
        return HttpResponse.json(status, body);
    }

    /**
     * A request body: a JSON object of string (and flag) fields; shape problems are kept to be reported with
     * the contract's.
     */
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
                    problems.add(
                            new Problem(f.getKey(), "is not a known field; expected " + String.join(", ", allowed)));
                } else if (FLAGS.contains(f.getKey())
                        && !f.getValue().isBoolean()
                        && !f.getValue().isNull()) {
                    problems.add(new Problem(f.getKey(), "must be true or false"));
                } else if (!FLAGS.contains(f.getKey())
                        && !f.getValue().isTextual()
                        && !f.getValue().isNull()) {
                    problems.add(new Problem(f.getKey(), "must be a string"));
                }
            });
            return new Body(json, problems);
        }

        /** SHA-256 of the fields, in name order: the same request however its JSON was laid out. */
        String fingerprint() {
            Map<String, String> fields = new TreeMap<>();
            json.fields()
                    .forEachRemaining(f -> fields.put(
                            f.getKey(),
                            f.getValue().isNull() ? null : f.getValue().asText()));
            try {
                byte[] canonical = Contracts.json().writeValueAsBytes(fields);
                return HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
            } catch (JsonProcessingException | NoSuchAlgorithmException e) {
                throw new IllegalStateException("cannot fingerprint a request body", e);
            }
        }

        String text(String field) {
            JsonNode value = json.get(field);
            return value == null || !value.isTextual() ? null : value.asText();
        }

        Boolean flag(String field) {
            JsonNode value = json.get(field);
            return value == null || !value.isBoolean() ? null : value.asBoolean();
        }
    }
}
