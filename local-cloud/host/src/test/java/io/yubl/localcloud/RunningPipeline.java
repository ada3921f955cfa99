package io.yubl.localcloud;

import com.fasterxml.jackson.databind.JsonNode;
import io.yubl.contracts.Contracts;
import io.yubl.contracts.RetryPolicy;
import io.yubl.stores.BatchWriter;
import io.yubl.stores.Cursors;
import io.yubl.stores.FeedEntry;
import io.yubl.stores.FeedRepository;
import io.yubl.stores.RelationshipPages;
import io.yubl.stores.RelationshipRepository;
import io.yubl.stores.YublRepository;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The pipeline bin/run started (API host, event sources, emulators), seen from a test: the legacy facade over HTTP to
 * make things happen, the stores to see what came of it, the host's log.
 */
final class RunningPipeline {
    private static RunningPipeline shared;

    /** One for all the test classes of a run: its clients live as long as the test JVM. */
    static synchronized RunningPipeline shared() {
        if (shared == null) {
            shared = new RunningPipeline();
        }
        return shared;
    }

    static final URI API = URI.create("http://127.0.0.1:" + LocalEndpoints.apiPort());
    static final Path HOST_LOG = Path.of("../../.local-cloud/logs/host.log");

    final Intrinsics resources =
            Provisioner.local(TemplateTest.TEMPLATE, line -> {}).provision();
    final DynamoDbClient dynamodb = AwsClients.dynamodb();
    final FeedRepository feeds =
            new FeedRepository(dynamodb, ref("FeedsTable"), new BatchWriter(dynamodb, RetryPolicy.DEFAULT));
    final YublRepository yubls = new YublRepository(dynamodb, ref("YublsTable"));
    final RelationshipRepository relationships = new RelationshipRepository(dynamodb, ref("RelationshipsTable"));
    final RelationshipPages relationshipPages =
            new RelationshipPages(dynamodb, ref("RelationshipsTable"), new Cursors("local-development-cursor-secret"));
    private final HttpClient http = HttpClient.newHttpClient();
    private final String monolith = "Bearer " + DevTokens.service("legacy-monolith");

    String ref(String logicalId) {
        return intrinsic("Ref", logicalId);
    }

    String intrinsic(String kind, Object value) {
        return resources.resolveString(Map.of(kind, value));
    }

    JsonNode call(String method, String path, String correlationId, String body) {
        return call(method, path, correlationId, body, path.startsWith("/legacy/") ? monolith : null);
    }

    /** A call with the given authorization header (none when null); a status of 300 or more is an exception. */
    JsonNode call(String method, String path, String correlationId, String body, String authorization) {
        HttpResponse<String> response = send(method, path, correlationId, body, authorization);
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(
                    method + " " + path + ": HTTP " + response.statusCode() + " " + response.body());
        }
        try {
            return Contracts.json().readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> send(String method, String path, String correlationId, String body, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(API.resolve(path))
                .header("content-type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (correlationId != null) {
            request.header("x-correlation-id", correlationId);
        }
        if (authorization != null) {
            request.header("authorization", authorization);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String join(String name) {
        String username = name.toLowerCase().replaceAll("[^a-z0-9]", "")
                + UUID.randomUUID().toString().substring(0, 6);
        return call(
                        "POST",
                        "/legacy/users",
                        null,
                        "{\"username\":\"" + username + "\",\"firstName\":\"" + name + "\",\"lastName\":\"Tester\"}")
                .get("userId")
                .asText();
    }

    /** n new users, made a few at a time. */
    List<String> joinMany(String name, int n) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> made = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                made.add(pool.submit(() -> join(name)));
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> f : made) {
                ids.add(f.get());
            }
            return ids;
        } finally {
            pool.shutdownNow();
        }
    }

    void follow(String followerId, String followeeId) {
        call("PUT", "/legacy/users/" + followerId + "/following/" + followeeId, null, null);
    }

    void unfollow(String followerId, String followeeId) {
        call("DELETE", "/legacy/users/" + followerId + "/following/" + followeeId, null, null);
    }

    String post(String authorId, String text, String correlationId) {
        return call("POST", "/legacy/users/" + authorId + "/yubls", correlationId, "{\"text\":\"" + text + "\"}")
                .get("yublId")
                .asText();
    }

    /** Posts with an idempotency key, as a monolith retrying after a timeout would; returns the answer's body. */
    JsonNode postWithKey(String authorId, String text, String idempotencyKey) {
        HttpRequest request = HttpRequest.newBuilder(API.resolve("/legacy/users/" + authorId + "/yubls"))
                .header("content-type", "application/json")
                .header("authorization", monolith)
                .header("idempotency-key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"" + text + "\"}"))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("post: HTTP " + response.statusCode() + " " + response.body());
            }
            return Contracts.json().readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    void delete(String authorId, String yublId) {
        call("DELETE", "/legacy/users/" + authorId + "/yubls/" + yublId, null, null);
    }

    /** How many entries of this yubl the user's feed holds. */
    long copiesInFeed(String userId, String yublId) {
        return feeds.entries(userId).stream()
                .filter(e -> e.yublId().equals(yublId))
                .count();
    }

    List<String> feedYubls(String userId) {
        return feeds.entries(userId).stream().map(FeedEntry::yublId).toList();
    }

    /** The host's log lines (JSON) that carry this correlation id. */
    List<JsonNode> logLines(String correlationId) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(HOST_LOG)) {
            if (line.startsWith("{") && line.contains(correlationId)) {
                JsonNode json = Contracts.json().readTree(line);
                if (correlationId.equals(json.path("x-correlation-id").asText())) {
                    lines.add(json);
                }
            }
        }
        return lines;
    }
}
