package io.yubl.facade;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.yubl.contracts.Contracts;
import io.yubl.contracts.EventEnvelope;
import io.yubl.contracts.EventType;
import io.yubl.contracts.Problem;
import io.yubl.contracts.UserJoined;
import io.yubl.contracts.YublPosted;
import io.yubl.localcloud.client.DevTokens;
import io.yubl.localcloud.client.RunningPipeline;
import io.yubl.producers.it.LocalKinesis;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The legacy facade over HTTP, as bin/run serves it (behind API Gateway's local stand-in, in the function's own
 * runtime), publishing to the local cloud's events stream; what it published is read back from the stream.
 */
class LegacyApiIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String MONOLITH = DevTokens.service("legacy-monolith");
    private static KinesisClient kinesis;
    private static String stream;
    private static Instant started;

    @BeforeAll
    static void connect() {
        started = Instant.now().minusSeconds(1);
        stream = RunningPipeline.shared().ref("EventsStream");
        kinesis = LocalKinesis.client();
    }

    @AfterAll
    static void stop() {
        kinesis.close();
    }

    @Test
    void joining_publishes_user_joined_with_the_callers_correlation_id() throws Exception {
        String correlationId = "it-join-" + UUID.randomUUID();

        HttpResponse<String> response = send(
                "POST",
                "/legacy/users",
                correlationId,
                "{\"username\":\"ada_l\",\"firstName\":\"Ada\",\"lastName\":\"Lovelace\"}");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("x-correlation-id")).contains(correlationId);
        JsonNode body = json(response);
        assertThat(body.get("correlationId").asText()).isEqualTo(correlationId);
        EventEnvelope event = single(published(correlationId));
        assertThat(event.eventId()).isEqualTo(body.get("eventId").asText());
        assertThat(event.payload()).isEqualTo(new UserJoined(body.get("userId").asText(), "ada_l", "Ada", "Lovelace"));
    }

    @Test
    void without_a_correlation_id_one_is_generated_and_travels_with_the_event() throws Exception {
        HttpResponse<String> response =
                send("POST", "/legacy/users/u-grace/yubls", null, "{\"text\":\"Hello, café ∑\"}");

        assertThat(response.statusCode()).isEqualTo(201);
        String generated = response.headers().firstValue("x-correlation-id").orElseThrow();
        EventEnvelope event = single(published(generated));
        YublPosted posted = (YublPosted) event.payload();
        assertThat(posted.authorId()).isEqualTo("u-grace");
        assertThat(posted.text()).isEqualTo("Hello, café ∑");
        assertThat(posted.yublId()).isEqualTo(json(response).get("yublId").asText());
    }

    @ParameterizedTest(name = "{0} {1} publishes {3}")
    @CsvSource(
            delimiter = '|',
            value = {
                "PUT    | /legacy/users/u-ada                    | "
                        + "{\"username\":\"ada\",\"firstName\":\"Ada\",\"lastName\":\"King\"} "
                        + "| user-profile-updated | 202",
                "PUT    | /legacy/users/u-grace/following/u-ada  |                                             "
                        + "                 | user-followed        | 202",
                "DELETE | /legacy/users/u-grace/following/u-ada  |                                             "
                        + "                 | user-unfollowed      | 202",
                "DELETE | /legacy/users/u-ada/yubls/y-1          |                                             "
                        + "                 | yubl-deleted         | 202"
            })
    void every_route_publishes_its_event(String method, String path, String body, String type, int status)
            throws Exception {
        String correlationId = "it-route-" + UUID.randomUUID();

        HttpResponse<String> response = send(method, path, correlationId, body);

        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(single(published(correlationId)).type())
                .isEqualTo(EventType.fromWireName(type).orElseThrow());
    }

    @ParameterizedTest(name = "{0} {1} {2} -> 400 naming {3}")
    @CsvSource(
            delimiter = '|',
            value = {
                "POST | /legacy/users                          | {\"username\":                                "
                        + "            | body",
                "POST | /legacy/users                          |                                               "
                        + "            | body",
                "POST | /legacy/users                          | [1,2]                                         "
                        + "            | body",
                "POST | /legacy/users                          | {\"username\":\"ada\",\"lastName\":\"L\"}     "
                        + "             | firstName",
                "POST | /legacy/users                          | "
                        + "{\"username\":\"a\",\"firstName\":\"A\",\"lastName\":\"L\"} | username",
                "POST | /legacy/users                          | "
                        + "{\"username\":\"ada\",\"firstName\":\"A\",\"lastName\":5}   | lastName",
                "POST | /legacy/users                          | "
                        + "{\"username\":\"ada\",\"firstName\":\"A\",\"lastName\":\"L\",\"age\":3} | age",
                "POST | /legacy/users                          | "
                        + "{\"username\":\"ada\",\"firstName\":\"A\",\"lastName\":\"L\",\"email\":\"ada at home\"} "
                        + "| email",
                "POST | /legacy/users                          | "
                        + "{\"username\":\"ada\",\"firstName\":\"A\",\"lastName\":\"L\",\"emailDigests\":true} | email",
                "PUT  | /legacy/users/u-ada                    | "
                        + "{\"username\":\"ada\",\"firstName\":\"A\",\"lastName\":\"L\","
                        + "\"email\":\"a@example.com\",\"emailDigests\":\"yes\"} | emailDigests",
                "PUT  | /legacy/users/u-ada/following/u-ada    |                                               "
                        + "            | otherUserId",
                "PUT  | /legacy/users/bad%20id/following/u-ada |                                               "
                        + "            | userId",
                "POST | /legacy/users/u-ada/yubls              | {\"text\":\"   \"}                            "
                        + "            | text"
            })
    void bad_input_gets_a_400_that_names_the_field_and_publishes_nothing(
            String method, String path, String body, String field) throws Exception {
        String correlationId = "it-bad-" + UUID.randomUUID();

        HttpResponse<String> response = send(method, path, correlationId, body);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = json(response);
        assertThat(error.get("error").asText()).isEqualTo("invalid_request");
        assertThat(error.get("fields")).extracting(f -> f.get("field").asText()).contains(field);
        assertThat(error.get("message").asText()).contains(field);
        assertThat(error.get("correlationId").asText()).isEqualTo(correlationId);
        assertThat(published(correlationId)).isEmpty();
    }

    @Test
    void a_yubl_over_the_length_limit_is_refused() throws Exception {
        String correlationId = "it-long-" + UUID.randomUUID();

        HttpResponse<String> response =
                send("POST", "/legacy/users/u-ada/yubls", correlationId, "{\"text\":\"" + "y".repeat(1_001) + "\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("fields").get(0).get("message").asText()).contains("1,000");
        assertThat(published(correlationId)).isEmpty();
    }

    @Test
    void more_correlation_headers_than_sns_and_sqs_can_carry_are_refused_naming_the_limit() throws Exception {
        // Given 13 x-correlation-* headers: SNS and SQS carry at most 10 attributes per message
        String correlationId = "it-many-ids-" + UUID.randomUUID();
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i <= 12; i++) {
            headers.put("x-correlation-extra-" + i, "value-" + i);
        }

        // When
        HttpResponse<String> response =
                send("POST", "/legacy/users/u-ada/yubls", correlationId, "{\"text\":\"hi\"}", headers);

        // Then
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode field = json(response).get("fields").get(0);
        assertThat(field.get("field").asText()).isEqualTo("x-correlation-*");
        assertThat(field.get("message").asText()).contains("at most 8", "was 13");
        assertThat(published(correlationId)).isEmpty();
    }

    @Test
    void unknown_routes_and_methods_are_told_apart() throws Exception {
        assertThat(send("GET", "/legacy/nothing", null, null).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/legacy/users", null, null).statusCode()).isEqualTo(405);
    }

    @Test
    void an_over_long_idempotency_key_is_refused_by_name() throws Exception {
        String correlationId = "it-key-" + UUID.randomUUID();

        HttpResponse<String> response = send(
                "POST",
                "/legacy/users/u-ada/yubls",
                correlationId,
                "{\"text\":\"hi\"}",
                Map.of("idempotency-key", "k".repeat(129)));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("fields").get(0).get("field").asText()).isEqualTo("idempotency-key");
        assertThat(published(correlationId)).isEmpty();
    }

    @Test
    void a_retry_with_the_same_idempotency_key_and_request_gets_the_first_reply_and_publishes_nothing_more()
            throws Exception {
        // Given a post made with a key
        Map<String, String> key = Map.of("idempotency-key", "it-same-" + UUID.randomUUID());
        HttpResponse<String> first = send("POST", "/legacy/users/u-ada/yubls", null, "{\"text\":\"once\"}", key);
        assertThat(first.statusCode()).isEqualTo(201);

        // When it is retried with the same key and body (laid out differently)
        String correlationId = "it-retry-" + UUID.randomUUID();
        HttpResponse<String> retried =
                send("POST", "/legacy/users/u-ada/yubls", correlationId, "{ \"text\" : \"once\" }", key);

        // Then it gets the first reply (the same yubl, time and event), and nothing more is published
        assertThat(retried.statusCode()).isEqualTo(201);
        for (String field : List.of("yublId", "postedAt", "eventId")) {
            assertThat(json(retried).get(field).asText())
                    .as(field)
                    .isEqualTo(json(first).get(field).asText());
        }
        assertThat(json(retried).get("correlationId").asText()).isEqualTo(correlationId);
        assertThat(published(correlationId)).isEmpty();
    }

    @Test
    void an_idempotency_key_sent_again_with_another_request_is_a_422_naming_the_key_and_nothing_is_published()
            throws Exception {
        // Given a join made with a key
        String keyValue = "it-reused-" + UUID.randomUUID();
        Map<String, String> key = Map.of("idempotency-key", keyValue);
        assertThat(send(
                                "POST",
                                "/legacy/users",
                                null,
                                "{\"username\":\"kay\",\"firstName\":\"Kay\",\"lastName\":\"First\"}",
                                key)
                        .statusCode())
                .isEqualTo(201);

        // When the same key comes with another body
        String correlationId = "it-reused-" + UUID.randomUUID();
        HttpResponse<String> response = send(
                "POST",
                "/legacy/users",
                correlationId,
                "{\"username\":\"kay\",\"firstName\":\"Kay\",\"lastName\":\"Second\"}",
                key);

        // Then it is refused by name, and nothing is published
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(json(response).get("fields").get(0).get("field").asText()).isEqualTo("idempotency-key");
        assertThat(json(response).get("message").asText()).contains(keyValue);
        assertThat(published(correlationId)).isEmpty();
    }

    @Test
    void a_request_refused_for_its_body_does_not_bind_its_idempotency_key() throws Exception {
        // Given a post refused for its body
        Map<String, String> key = Map.of("idempotency-key", "it-unbound-" + UUID.randomUUID());
        assertThat(send("POST", "/legacy/users/u-ada/yubls", null, "{\"txt\":\"typo\"}", key)
                        .statusCode())
                .isEqualTo(400);

        // When the caller fixes the body and sends it with the same key
        String correlationId = "it-unbound-" + UUID.randomUUID();
        HttpResponse<String> fixed =
                send("POST", "/legacy/users/u-ada/yubls", correlationId, "{\"text\":\"fixed\"}", key);

        // Then it is accepted and published
        assertThat(fixed.statusCode()).isEqualTo(201);
        assertThat(single(published(correlationId)).payload()).isInstanceOf(YublPosted.class);
    }

    @Test
    void a_body_that_is_not_valid_utf8_is_refused_and_nothing_is_published() throws Exception {
        // Given {"firstName":"\xff\xfe", ...}
        String correlationId = "it-utf8-" + UUID.randomUUID();
        byte[] body = "{\"userId\":\"u-zoe\",\"username\":\"zoe\",\"firstName\":\"??\",\"lastName\":\"L\"}"
                .getBytes(StandardCharsets.UTF_8);
        int question = new String(body, StandardCharsets.UTF_8).indexOf("??");
        body[question] = (byte) 0xff;
        body[question + 1] = (byte) 0xfe;

        // When
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(RunningPipeline.API.resolve("/legacy/users"))
                        .header("content-type", "application/json")
                        .header("authorization", "Bearer " + MONOLITH)
                        .header("x-correlation-id", correlationId)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        // Then
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("fields").get(0).get("field").asText()).isEqualTo("body");
        assertThat(published(correlationId)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"%20", "u-ada%0A"})
    void a_path_id_that_is_no_id_is_refused_by_name(String userId) throws Exception {
        String correlationId = "it-path-" + UUID.randomUUID();

        HttpResponse<String> response =
                send("POST", "/legacy/users/" + userId + "/yubls", correlationId, "{\"text\":\"hi\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("fields").get(0).get("field").asText()).isEqualTo("userId");
        assertThat(published(correlationId)).isEmpty();
    }

    @Test
    void an_error_quotes_at_most_a_bounded_prefix_of_what_it_refuses() throws Exception {
        // Given a 20,000-character correlation id
        HttpResponse<String> response =
                send("POST", "/legacy/users/u-ada/yubls", "c".repeat(20_000), "{\"text\":\"hi\"}");

        // Then
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).doesNotContain("c".repeat(Problem.MAX_QUOTED + 1));
    }

    private static HttpResponse<String> send(String method, String path, String correlationId, String body)
            throws Exception {
        return send(method, path, correlationId, body, Map.of());
    }

    private static HttpResponse<String> send(
            String method, String path, String correlationId, String body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(RunningPipeline.API.resolve(path))
                .header("content-type", "application/json")
                .header("authorization", "Bearer " + MONOLITH)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (correlationId != null) {
            request.header("x-correlation-id", correlationId);
        }
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return Contracts.json().readTree(response.body());
    }

    /** The events on the stream carrying this correlation id (PutRecords has returned, so they are readable now). */
    private static List<EventEnvelope> published(String correlationId) {
        return LocalKinesis.readSince(kinesis, stream, started).stream()
                .map(r -> Contracts.decodeEvent(r.data().asByteArray()))
                .filter(e -> correlationId.equals(e.correlationId()))
                .toList();
    }

    private static EventEnvelope single(List<EventEnvelope> events) {
        assertThat(events).hasSize(1);
        return events.get(0);
    }
}
