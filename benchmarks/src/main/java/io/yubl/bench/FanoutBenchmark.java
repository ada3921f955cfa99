package io.yubl.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yubl.contracts.Chunks;
import io.yubl.contracts.Contracts;
import io.yubl.localcloud.Provisioner;
import io.yubl.localcloud.client.AwsClients;
import io.yubl.localcloud.client.DevTokens;
import io.yubl.localcloud.client.Intrinsics;
import io.yubl.localcloud.client.LocalEndpoints;
import io.yubl.localcloud.client.Template;
import io.yubl.stores.FeedRepository;
import io.yubl.stores.RelationshipRepository;
import io.yubl.stores.SortableTime;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The fan-out on the running local cloud (bin/run): an author with 1,000 followers posts through the legacy facade,
 * one yubl at a time; for each, the time from the facade's answer until all 1,001 feeds (followers and author) hold
 * it, seen through the feeds table's byYubl index. Also the feed items written per second while a fan-out is under
 * way (first item to last), against a raw BatchWriteItem loop of as many items (25 items a call, one call at a time)
 * on the same DynamoDB, in the same round: the ratio is the median of the rounds' ratios, with its spread.
 * Writes bench-results/fanout.json.
 * Usage: FanoutBenchmark [posts=20] [followers=1000]
 */
public final class FanoutBenchmark {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String MONOLITH = "Bearer " + DevTokens.service("legacy-monolith");

    private FanoutBenchmark() {}

    public static void main(String[] args) throws Exception {
        int posts = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int followerCount = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        Intrinsics resources = Provisioner.local(
                        Template.loadWithOverridesFromEnvironment(Path.of("template.yaml")), line -> {})
                .provision();
        String feedsTable = resources.resolveString(Map.of("Ref", "FeedsTable"));
        URI api = URI.create("http://127.0.0.1:" + LocalEndpoints.apiPort());
        try (DynamoDbClient dynamodb = AwsClients.dynamodb()) {
            RelationshipRepository relationships =
                    new RelationshipRepository(dynamodb, resources.resolveString(Map.of("Ref", "RelationshipsTable")));
            String author = "bench-author-" + UUID.randomUUID().toString().substring(0, 8);
            setUpFollowers(relationships, author, followerCount);
            int expected = followerCount + 1;

            System.out.println("warm-up: a post and a raw loop");
            measurePost(api, dynamodb, feedsTable, author, expected);
            rawBatchWriteRate(dynamodb, feedsTable, 2 * expected);
            // rounds of one post and one raw loop of as many items, in turns (post first, then raw first), so that
            // each sees the DynamoDB the other saw; the figure is the median of the rounds' ratios, with its spread
            List<Double> latencies = new ArrayList<>();
            List<Double> writeRates = new ArrayList<>();
            List<Double> rawRates = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < posts; i++) {
                double raw = i % 2 == 1 ? rawBatchWriteRate(dynamodb, feedsTable, expected) : 0;
                double[] m = measurePost(api, dynamodb, feedsTable, author, expected);
                raw = i % 2 == 0 ? rawBatchWriteRate(dynamodb, feedsTable, expected) : raw;
                latencies.add(m[0]);
                writeRates.add(m[1]);
                rawRates.add(raw);
                ratios.add(m[1] / raw);
                System.out.printf(
                        "round %2d: visible in all %d feeds after %6.0f ms; fan-out wrote %,.0f items/s, raw "
                                + "%,.0f items/s%n",
                        i + 1, expected, m[0], m[1], raw);
            }
            double[] sorted =
                    latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double p50 = percentile(sorted, 50);
            double p99 = percentile(sorted, 99);
            Spread ratio = Spread.of(ratios);
            ObjectNode json = Contracts.json().createObjectNode();
            json.put("benchmark", "fanout")
                    .put("at", Instant.now().toString())
                    .put("followers", followerCount)
                    .put("rounds", posts)
                    .put("trustedIqr", Spread.TRUSTED_IQR);
            ObjectNode latency = percentiles(sorted);
            latencies.forEach(l -> latency.withArray("all").add(Math.round(l)));
            json.set("postToAllFeedsMillis", latency);
            json.set("fanoutItemsPerSecond", Spread.of(writeRates).json());
            json.set("rawBatchWriteItemsPerSecond", Spread.of(rawRates).json());
            json.set("ratio", ratio.json());
            Path out = BenchResults.write("fanout", json);
            System.out.printf(
                    "post -> all %d feeds: p50 %.0f ms, p99 %.0f ms%nfeed writes: fan-out %s items/s, raw "
                            + "BatchWriteItem %s items/s%n"
                            + "ratio of the same round (goal >= 0.8): %s%nwritten to %s%n",
                    expected,
                    p50,
                    p99,
                    Spread.of(writeRates).describe("%,.0f"),
                    Spread.of(rawRates).describe("%,.0f"),
                    ratio.describe("%.3f"),
                    out);
        }
    }

    /** The author's followers, written straight to the relationships table, 8 at a time. */
    static void setUpFollowers(RelationshipRepository relationships, String author, int count) throws Exception {
        System.out.printf(
                "setting up %,d followers of %s (written straight to the relationships table)%n", count, author);
        Instant since = Instant.now();
        long setup = System.nanoTime();
        ForkJoinPool writers = new ForkJoinPool(8);
        try {
            writers.submit(() -> IntStream.range(0, count)
                            .parallel()
                            .forEach(i -> relationships.follow(author + "-follower-" + i, author, since)))
                    .get();
        } finally {
            writers.shutdown();
        }
        System.out.printf("  done in %.0f s%n", (System.nanoTime() - setup) / 1e9);
    }

    /** Posts one yubl; returns {ms from the facade's answer to all feeds, items/s from first to last item}. */
    private static double[] measurePost(
            URI api, DynamoDbClient dynamodb, String feedsTable, String author, int expected) throws Exception {
        HttpResponse<String> response = post(author);
        long posted = System.nanoTime();
        String yublId = Contracts.json().readTree(response.body()).get("yublId").asText();
        long first = 0;
        long deadline = posted + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            int count = dynamodb.query(q -> q.tableName(feedsTable)
                            .indexName(FeedRepository.BY_YUBL)
                            .select(Select.COUNT)
                            .keyConditionExpression("yublId = :y")
                            .expressionAttributeValues(Map.of(":y", AttributeValue.fromS(yublId))))
                    .count();
            long now = System.nanoTime();
            if (count > 0 && first == 0) {
                first = now;
            }
            if (count >= expected) {
                double seconds = Math.max(now - first, 1_000_000L) / 1e9;
                return new double[] {(now - posted) / 1e6, expected / seconds};
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("yubl " + yublId + " did not reach all " + expected + " feeds within 120 s");
    }

    /** The author posts a yubl through the legacy facade; anything but a 201 is an error. */
    static HttpResponse<String> post(String author) throws Exception {
        URI api = URI.create("http://127.0.0.1:" + LocalEndpoints.apiPort());
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(api.resolve("/legacy/users/" + author + "/yubls"))
                        .header("x-correlation-id", "bench-fanout-" + UUID.randomUUID())
                        .header("authorization", MONOLITH)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"benchmark yubl\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("post failed: HTTP " + response.statusCode() + " " + response.body());
        }
        return response;
    }

    static double rawBatchWriteRate(DynamoDbClient dynamodb, String table, int items) {
        return rawBatchWriteRate(dynamodb, table, items, 1);
    }

    /**
     * Items/s of plain loops of BatchWriteItem calls of 25 feed items, {@code writers} loops at once, on the
     * same table.
     */
    static double rawBatchWriteRate(DynamoDbClient dynamodb, String table, int items, int writers) {
        String yublId = "bench-raw-" + UUID.randomUUID();
        String postedAt = SortableTime.format(Instant.now());
        List<WriteRequest> writes = new ArrayList<>(items);
        for (int i = 0; i < items; i++) {
            String userId = "bench-raw-user-" + i;
            writes.add(WriteRequest.builder()
                    .putRequest(p -> p.item(Map.of(
                            "userId",
                            AttributeValue.fromS(userId),
                            "feedKey",
                            AttributeValue.fromS(postedAt + "#" + yublId),
                            "yublId",
                            AttributeValue.fromS(yublId),
                            "authorId",
                            AttributeValue.fromS("bench-raw"),
                            "postedAt",
                            AttributeValue.fromS(postedAt))))
                    .build());
        }
        List<List<WriteRequest>> chunks = Chunks.of(writes, 25);
        AtomicInteger next = new AtomicInteger();
        Runnable writer = () -> {
            for (int i = next.getAndIncrement(); i < chunks.size(); i = next.getAndIncrement()) {
                List<WriteRequest> chunk = chunks.get(i);
                if (!dynamodb.batchWriteItem(r -> r.requestItems(Map.of(table, chunk)))
                        .unprocessedItems()
                        .isEmpty()) {
                    throw new IllegalStateException("unprocessed items in the raw loop");
                }
            }
        };
        long t0 = System.nanoTime();
        if (writers == 1) {
            writer.run();
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            try {
                List<Future<?>> running = new ArrayList<>();
                IntStream.range(0, writers).forEach(w -> running.add(pool.submit(writer)));
                for (Future<?> f : running) {
                    f.get();
                }
            } catch (InterruptedException | ExecutionException e) {
                throw new IllegalStateException("the raw loop failed", e);
            } finally {
                pool.shutdownNow();
            }
        }
        return items / ((System.nanoTime() - t0) / 1e9);
    }

    /** {p50, p99, max} of sorted milliseconds, rounded, as the benchmarks' JSON gives them. */
    static ObjectNode percentiles(double[] sorted) {
        return Contracts.json()
                .createObjectNode()
                .put("p50", Math.round(percentile(sorted, 50)))
                .put("p99", Math.round(percentile(sorted, 99)))
                .put("max", Math.round(sorted[sorted.length - 1]));
    }

    static double percentile(double[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
