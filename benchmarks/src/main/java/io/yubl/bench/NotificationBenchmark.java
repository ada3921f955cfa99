package io.yubl.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.yubl.contracts.Contracts;
import io.yubl.localcloud.AwsClients;
import io.yubl.localcloud.DevTokens;
import io.yubl.localcloud.Intrinsics;
import io.yubl.localcloud.LocalEndpoints;
import io.yubl.localcloud.Provisioner;
import io.yubl.localcloud.Template;
import io.yubl.stores.FeedRepository;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Select;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.WebSocket;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * follow -> notification on an open WebSocket on the running local cloud (bin/run), beside post -> feed in the same
 * run: rounds of one follow of a user (a new follower each time) and one yubl by an author with one follower, both
 * through the legacy facade, one at a time. A follow is timed from the facade's answer until the followee's socket
 * (connected with her token, as an app would) receives the notification counting it; a post until both feeds hold the
 * yubl. Interleaved, so both see the same machine; the ratio of their medians is the figure that holds across machines.
 * Writes bench-results/notifications.json. Usage: NotificationBenchmark [rounds=100]
 */
public final class NotificationBenchmark {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final URI API = URI.create("http://127.0.0.1:" + LocalEndpoints.apiPort());
    private static final String MONOLITH = "Bearer " + DevTokens.service("legacy-monolith");

    private NotificationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        Intrinsics resources = Provisioner.local(Template.load(Path.of("template.yaml")), line -> { }).provision();
        try (DynamoDbClient dynamodb = AwsClients.dynamodb()) {
            String feedsTable = resources.resolveString(Map.of("Ref", "FeedsTable"));
            String tag = UUID.randomUUID().toString().substring(0, 8);
            String followee = join("star_" + tag);
            String author = join("author_" + tag);
            String reader = join("reader_" + tag);
            send("PUT", "/legacy/users/" + reader + "/following/" + author, null, 202);
            Map<Integer, Long> arrivals = new ConcurrentHashMap<>();
            WebSocket socket = HTTP.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + LocalEndpoints.webSocketPort()
                    + "/" + Template.load(Path.of("template.yaml")).parameterDefaults().get("Stage") + "?token="
                    + DevTokens.user(followee)), new CountListener(arrivals)).get(10, TimeUnit.SECONDS);

            double[] follow = new double[rounds];
            double[] post = new double[rounds];
            for (int i = -1; i < rounds; i++) {
                int expected = i + 2;
                String follower = "bench-fan-" + tag + "-" + (i + 1);
                long followed = send("PUT", "/legacy/users/" + follower + "/following/" + followee, null, 202).at();
                until(followed, () -> arrivals.containsKey(expected));
                double followMillis = (arrivals.get(expected) - followed) / 1e6;
                Answer posted = send("POST", "/legacy/users/" + author + "/yubls", "{\"text\":\"benchmark " + i + "\"}", 201);
                String yubl = posted.body().get("yublId").asText();
                double postMillis = until(posted.at(), () -> feedCount(dynamodb, feedsTable, yubl) >= 2);
                if (i >= 0) { // round -1 warms up
                    follow[i] = followMillis;
                    post[i] = postMillis;
                }
                if ((i + 1) % 20 == 0) {
                    System.out.printf("round %3d: follow -> WebSocket %5.0f ms, post -> feed %5.0f ms%n", i + 1,
                            followMillis, postMillis);
                }
            }
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
            Arrays.sort(follow);
            Arrays.sort(post);
            double followP50 = FanoutBenchmark.percentile(follow, 50);
            double postP50 = FanoutBenchmark.percentile(post, 50);
            String json = String.format("{%n  \"benchmark\": \"notifications\",%n  \"at\": \"%s\",%n  \"rounds\": %d,%n"
                            + "  \"followToWebSocketMillis\": {\"p50\": %.0f, \"p99\": %.0f, \"max\": %.0f},%n"
                            + "  \"postToFeedMillis\": {\"p50\": %.0f, \"p99\": %.0f, \"max\": %.0f},%n"
                            + "  \"p50Ratio\": %.3f%n}%n",
                    Instant.now(), rounds, followP50, FanoutBenchmark.percentile(follow, 99), follow[rounds - 1],
                    postP50, FanoutBenchmark.percentile(post, 99), post[rounds - 1], followP50 / postP50);
            Path out = Path.of("bench-results", "notifications.json");
            Files.createDirectories(out.getParent());
            Files.writeString(out, json);
            System.out.print(json);
            System.out.println("written to " + out);
        }
    }

    private static String join(String username) throws Exception {
        return send("POST", "/legacy/users", "{\"username\":\"" + username + "\",\"firstName\":\"Bench\",\"lastName\":\"Mark\"}",
                201).body().get("userId").asText();
    }

    /** A facade's answer: when it came (System.nanoTime()) and its body. */
    private record Answer(long at, JsonNode body) {
    }

    private static Answer send(String method, String path, String body, int status) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(API.resolve(path))
                .header("authorization", MONOLITH)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        long answered = System.nanoTime();
        if (response.statusCode() != status) {
            throw new IllegalStateException(method + " " + path + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return new Answer(answered, response.body().isBlank() ? null : Contracts.json().readTree(response.body()));
    }

    private static double until(long start, BooleanSupplier condition) throws InterruptedException {
        long deadline = start + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return (System.nanoTime() - start) / 1e6;
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("not seen within 60 s");
    }

    /** Notes when the socket first received a whole notification counting n follows (a message may come in parts). */
    private static final class CountListener implements WebSocket.Listener {
        private final Map<Integer, Long> arrivals;
        private final StringBuilder partial = new StringBuilder();

        CountListener(Map<Integer, Long> arrivals) {
            this.arrivals = arrivals;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                long now = System.nanoTime();
                try {
                    JsonNode message = Contracts.json().readTree(partial.toString());
                    arrivals.putIfAbsent(message.path("notification").path("count").asInt(), now);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } finally {
                    partial.setLength(0);
                }
            }
            socket.request(1);
            return null;
        }
    }

    private static int feedCount(DynamoDbClient dynamodb, String table, String yublId) {
        return dynamodb.query(q -> q.tableName(table).indexName(FeedRepository.BY_YUBL).select(Select.COUNT)
                .keyConditionExpression("yublId = :y").expressionAttributeValues(Map.of(":y", AttributeValue.fromS(yublId))))
                .count();
    }
}
