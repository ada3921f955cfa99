package io.yubl.localcloud.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.yubl.contracts.Contracts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The pipeline bin/run started (API host, event sources, emulators), seen from a test: the legacy facade over HTTP to
 * make things happen, the resources' names and a DynamoDB client to see what came of it, the host's log. What the
 * stores hold is read through the stores' own repositories (the stores module's {@code LocalStores}).
 */
public final class RunningPipeline {
    private static RunningPipeline shared;

    /** One for all the test classes of a run: its clients live as long as the test JVM. */
    public static synchronized RunningPipeline shared() {
        if (shared == null) {
            shared = new RunningPipeline();
        }
        return shared;
    }

    /** The repository root: the nearest folder at or above the working directory that holds template.yaml. */
    public static final Path ROOT = root();

    public static final URI API = URI.create("http://127.0.0.1:" + LocalEndpoints.apiPort());
    public static final Path HOST_LOG = ROOT.resolve(".local-cloud/logs/host.log");

    public final DynamoDbClient dynamodb = AwsClients.dynamodb();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String monolith = "Bearer " + DevTokens.service("legacy-monolith");
    private final StackResources resources = StackResources.read(ROOT);

    /** What the resource of template.yaml answers to Ref on the running local cloud. */
    public String ref(String logicalId) {
        return resources.ref(logicalId);
    }

    public JsonNode call(String method, String path, String correlationId, String body) {
        return call(method, path, correlationId, body, path.startsWith("/legacy/") ? monolith : null);
    }

    /** A call with the given authorization header (none when null); a status of 300 or more is an exception. */
    public JsonNode call(String method, String path, String correlationId, String body, String authorization) {
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

    public HttpResponse<String> send(
            String method, String path, String correlationId, String body, String authorization) {
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

    public String join(String name) {
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
    public List<String> joinMany(String name, int n) throws Exception {
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

    public void follow(String followerId, String followeeId) {
        call("PUT", "/legacy/users/" + followerId + "/following/" + followeeId, null, null);
    }

    public void unfollow(String followerId, String followeeId) {
        call("DELETE", "/legacy/users/" + followerId + "/following/" + followeeId, null, null);
    }

    public String post(String authorId, String text, String correlationId) {
        return call("POST", "/legacy/users/" + authorId + "/yubls", correlationId, "{\"text\":\"" + text + "\"}")
                .get("yublId")
                .asText();
    }

    /** Posts with an idempotency key, as a monolith retrying after a timeout would; returns the answer's body. */
    public JsonNode postWithKey(String authorId, String text, String idempotencyKey) {
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

    public void delete(String authorId, String yublId) {
        call("DELETE", "/legacy/users/" + authorId + "/yubls/" + yublId, null, null);
    }

    /** The host's log lines (JSON) that carry this correlation id. */
    public List<JsonNode> logLines(String correlationId) throws IOException {
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

    private static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("template.yaml"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "no template.yaml at or above " + Path.of("").toAbsolutePath());
    }
}
