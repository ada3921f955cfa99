package io.yubl.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yubl.contracts.Contracts;
import io.yubl.localcloud.Provisioner;
import io.yubl.localcloud.client.AwsClients;
import io.yubl.localcloud.client.DevTokens;
import io.yubl.localcloud.client.Intrinsics;
import io.yubl.localcloud.client.LocalEndpoints;
import io.yubl.localcloud.client.Template;
import io.yubl.stores.FeedRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * follow -> notification on an open WebSocket on the running local cloud (bin/run), beside post -> feed in the same
 * run: rounds of one follow of a user (a new follower each time) and one yubl by an author with one follower, both
 * through the legacy facade, one at a time. A follow is timed from the facade's answer until the followee's socket
 * (connected with her token, as an app would) receives the notification counting it; a post until both feeds hold the
 * yubl. Interleaved, in turns, so both see the same machine; the ratio of their medians is the figure that holds
 * across machines: it is taken over each block of 10 rounds, and given as the blocks' median with its spread.
 * Writes bench-results/notifications.json. Usage: NotificationBenchmark [rounds=100]
 */
public final class NotificationBenchmark {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final URI API = URI.create("http://127.0.0.1:" + LocalEndpoints.apiPort());
    private static final String MONOLITH = "Bearer " + DevTokens.service("legacy-monolith");
    private static final int BLOCK = 10;

    private NotificationBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        Template template = Template.loadWithOverridesFromEnvironment(Path.of("template.yaml"));
        Intrinsics resources = Provisioner.local(template, line -> {}).provision();
        try (DynamoDbClient dynamodb = AwsClients.dynamodb()) {
            String feedsTable = resources.resolveString(Map.of("Ref", "FeedsTable"));
            String tag = UUID.randomUUID().toString().substring(0, 8);
            String followee = join("star_" + tag);
            String author = join("author_" + tag);
            String reader = join("reader_" + tag);
            send("PUT", "/legacy/users/" + reader + "/following/" + author, null, 202);
            Map<Integer, Long> arrivals = new ConcurrentHashMap<>();
            WebSocket socket = HTTP.newWebSocketBuilder()
                    .buildAsync(
                            URI.create("ws://127.0.0.1:" + LocalEndpoints.webSocketPort()
                                    + "/" + template.parameters().get("Stage") + "?token="
                                    + DevTokens.user(followee)),
                            new CountListener(arrivals))
                    .get(10, TimeUnit.SECONDS);

            double[] follow = new double[rounds];
            double[] post = new double[rounds];
            for (int i = -1; i < rounds; i++) {
                int round = i;
                int expected = i + 2;
                String follower = "bench-fan-" + tag + "-" + (i + 1);
                Callable<Double> following = () -> {
                    long followed = send("PUT", "/legacy/users/" + follower + "/following/" + followee, null, 202)
                            .at();
                    until(followed, () -> arrivals.containsKey(expected));
                    return (arrivals.get(expected) - followed) / 1e6;
                };
                Callable<Double> posting = () -> {
                    Answer posted = send(
                            "POST",
                            "/legacy/users/" + author + "/yubls",
                            "{\"text\":\"benchmark " + round + "\"}",
                            201);
                    String yubl = posted.body().get("yublId").asText();
                    return until(posted.at(), () -> feedCount(dynamodb, feedsTable, yubl) >= 2);
                };
                // in turns, so that neither always runs right after the other
                double followMillis = i % 2 == 0 ? following.call() : 0;
                double postMillis = posting.call();
                followMillis = i % 2 == 0 ? followMillis : following.call();
                if (i >= 0) { // round -1 warms up
                    follow[i] = followMillis;
                    post[i] = postMillis;
                }
                if ((i + 1) % BLOCK == 0) {
                    System.out.printf(
                            "round %3d: follow -> WebSocket %5.0f ms, post -> feed %5.0f ms%n",
                            i + 1, followMillis, postMillis);
                }
            }
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
            // the ratio of the medians of each block of rounds, so that its spread shows how far it holds
            List<Double> blockRatios = new ArrayList<>();
            for (int from = 0; from + BLOCK <= rounds; from += BLOCK) {
                blockRatios.add(Spread.of(values(follow, from, from + BLOCK)).median()
                        / Spread.of(values(post, from, from + BLOCK)).median());
            }
            Spread ratio = Spread.of(blockRatios);
            Arrays.sort(follow);
            Arrays.sort(post);
            ObjectNode json = Contracts.json().createObjectNode();
            json.put("benchmark", "notifications")
                    .put("at", Instant.now().toString())
                    .put("rounds", rounds)
                    .put("roundsPerBlock", BLOCK)
                    .put("trustedIqr", Spread.TRUSTED_IQR);
            json.set("followToWebSocketMillis", FanoutBenchmark.percentiles(follow));
            json.set("postToFeedMillis", FanoutBenchmark.percentiles(post));
            json.set("p50RatioPerBlock", ratio.json());
            Path out = BenchResults.write("notifications", json);
            System.out.printf(
                    "follow -> WebSocket p50 %.0f ms, p99 %.0f ms; post -> feed p50 %.0f ms, p99 %.0f ms%n"
                            + "follow/post p50 ratio over blocks of %d rounds: %s%nwritten to %s%n",
                    FanoutBenchmark.percentile(follow, 50),
                    FanoutBenchmark.percentile(follow, 99),
                    FanoutBenchmark.percentile(post, 50),
                    FanoutBenchmark.percentile(post, 99),
                    BLOCK,
                    ratio.describe("%.3f"),
                    out);
        }
    }

    private static List<Double> values(double[] all, int from, int to) {
        return Arrays.stream(all, from, to).boxed().toList();
    }

    private static String join(String username) throws Exception {
        return send(
                        "POST",
                        "/legacy/users",
                        "{\"username\":\"" + username + "\",\"firstName\":\"Bench\",\"lastName\":\"Mark\"}",
                        201)
                .body()
                .get("userId")
                .asText();
    }

    /** A facade's answer: when it came (System.nanoTime()) and its body. */
    private record Answer(long at, JsonNode body) {}

    private static Answer send(String method, String path, String body, int status) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(API.resolve(path))
                        .header("authorization", MONOLITH)
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        long answered = System.nanoTime();
        if (response.statusCode() != status) {
            throw new IllegalStateException(
                    method + " " + path + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return new Answer(
                answered, response.body().isBlank() ? null : Contracts.json().readTree(response.body()));
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
                    arrivals.putIfAbsent(
                            message.path("notification").path("count").asInt(), now);
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
        return dynamodb.query(q -> q.tableName(table)
                        .indexName(FeedRepository.BY_YUBL)
                        .select(Select.COUNT)
                        .keyConditionExpression("yublId = :y")
                        .expressionAttributeValues(Map.of(":y", AttributeValue.fromS(yublId))))
                .count();
    }
}
