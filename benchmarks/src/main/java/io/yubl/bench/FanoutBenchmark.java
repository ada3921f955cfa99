package io.yubl.bench;

import io.yubl.localcloud.AwsClients;
import io.yubl.localcloud.DevTokens;
import io.yubl.localcloud.Intrinsics;
import io.yubl.localcloud.LocalEndpoints;
import io.yubl.localcloud.Provisioner;
import io.yubl.localcloud.Template;
import io.yubl.stores.Cursors;
import io.yubl.stores.FeedRepository;
import io.yubl.stores.RelationshipRepository;
import io.yubl.stores.SortableTime;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * The fan-out on the running local cloud (bin/run): an author with 1,000 followers posts through the legacy facade,
 * one yubl at a time; for each, the time from the facade's answer until all 1,001 feeds (followers and author) hold
 * it, seen through the feeds table's byYubl index. Also the feed items written per second while a fan-out is under
 * way (first item to last), against a raw BatchWriteItem loop (25 items a call, one call at a time) on the same
 * DynamoDB in the same run (its median of three runs: before, halfway through and after the posts).
 * Writes bench-results/fanout.json.
 * Usage: FanoutBenchmark [posts=20] [followers=1000]
 */
public final class FanoutBenchmark {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String MONOLITH = "Bearer " + DevTokens.service("legacy-monolith");

    private FanoutBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int posts = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int followerCount = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        Intrinsics resources = Provisioner.local(Template.load(Path.of("template.yaml")), line -> { }).provision();
        String feedsTable = resources.resolveString(Map.of("Ref", "FeedsTable"));
        URI api = URI.create("http://127.0.0.1:" + LocalEndpoints.apiPort());
        try (DynamoDbClient dynamodb = AwsClients.dynamodb()) {
            RelationshipRepository relationships = new RelationshipRepository(dynamodb,
                    resources.resolveString(Map.of("Ref", "RelationshipsTable")), new Cursors("unused"));
            String author = "bench-author-" + UUID.randomUUID();
            System.out.printf("setting up %d followers of %s (written straight to the relationships table)%n", followerCount, author);
            Instant since = Instant.now();
            IntStream.range(0, followerCount).parallel().forEach(i -> relationships.follow("bench-follower-" + i + "-" + author.substring(13, 21), author, since));
            int expected = followerCount + 1;

            System.out.println("warm-up post");
            measurePost(api, dynamodb, feedsTable, author, expected);
            // DynamoDB Local's speed drifts (JIT, table size): the raw loop is warmed up, then runs before, halfway
            // through and after the posts, and its median counts
            rawBatchWriteRate(dynamodb, feedsTable, 2 * expected);
            double[] rawRates = new double[3];
            rawRates[0] = rawBatchWriteRate(dynamodb, feedsTable, 5 * expected);

            double[] latencies = new double[posts];
            double[] writeRates = new double[posts];
            for (int i = 0; i < posts; i++) {
                double[] m = measurePost(api, dynamodb, feedsTable, author, expected);
                latencies[i] = m[0];
                writeRates[i] = m[1];
                System.out.printf("post %2d: visible in all %d feeds after %6.0f ms; fan-out wrote %,.0f items/s%n", i + 1, expected, m[0], m[1]);
                if (i == posts / 2) {
                    rawRates[1] = rawBatchWriteRate(dynamodb, feedsTable, 5 * expected);
                }
            }
            rawRates[2] = rawBatchWriteRate(dynamodb, feedsTable, 5 * expected);
            System.out.printf("raw BatchWriteItem loop: %,.0f, %,.0f and %,.0f items/s (before, halfway, after)%n", rawRates[0], rawRates[1], rawRates[2]);
            double[] rawSorted = rawRates.clone();
            Arrays.sort(rawSorted);
            double raw = rawSorted[1];
            double[] sorted = latencies.clone();
            Arrays.sort(sorted);
            double p50 = percentile(sorted, 50);
            double p99 = percentile(sorted, 99);
            double[] rates = writeRates.clone();
            Arrays.sort(rates);
            double fanoutRate = percentile(rates, 50);
            String json = String.format("{%n  \"benchmark\": \"fanout\",%n  \"at\": \"%s\",%n  \"followers\": %d,%n  \"posts\": %d,%n"
                            + "  \"postToAllFeedsMillis\": {\"p50\": %.0f, \"p99\": %.0f, \"max\": %.0f, \"all\": %s},%n"
                            + "  \"fanoutItemsPerSecondMedian\": %.0f,%n  \"rawBatchWriteItemsPerSecond\": %.0f,%n  \"rawRuns\": %s,%n  \"ratio\": %.3f%n}%n",
                    Instant.now(), followerCount, posts, p50, p99, sorted[sorted.length - 1],
                    Arrays.toString(Arrays.stream(latencies).mapToLong(Math::round).toArray()), fanoutRate, raw,
                    Arrays.toString(Arrays.stream(rawRates).mapToLong(Math::round).toArray()), fanoutRate / raw);
            Path out = Path.of("bench-results", "fanout.json");
            Files.createDirectories(out.getParent());
            Files.writeString(out, json);
            System.out.printf("post -> all %d feeds: p50 %.0f ms, p99 %.0f ms%nfeed writes: fan-out %,.0f items/s (median), raw BatchWriteItem %,.0f items/s, ratio %.3f (goal >= 0.8)%nwritten to %s%n",
                    expected, p50, p99, fanoutRate, raw, fanoutRate / raw, out);
        }
    }

    /** Posts one yubl; returns {ms from the facade's answer to all feeds, items/s from first to last item}. */
    private static double[] measurePost(URI api, DynamoDbClient dynamodb, String feedsTable, String author, int expected) throws Exception {
        HttpResponse<String> response = post(author);
        long posted = System.nanoTime();
        String yublId = io.yubl.contracts.Contracts.json().readTree(response.body()).get("yublId").asText();
        long first = 0;
        long deadline = posted + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            int count = dynamodb.query(q -> q.tableName(feedsTable).indexName(FeedRepository.BY_YUBL).select(Select.COUNT)
                    .keyConditionExpression("yublId = :y").expressionAttributeValues(Map.of(":y", AttributeValue.fromS(yublId)))).count();
            long now = System.nanoTime();
            if (count > 0 && first == 0) {
                first = now;
            }
            if (count >= expected) {
                double seconds = Math.max(now - first, 1_000_000L) / 1e9;
                return new double[]{(now - posted) / 1e6, expected / seconds};
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("yubl " + yublId + " did not reach all " + expected + " feeds within 120 s");
    }

    /** The author posts a yubl through the legacy facade; anything but a 201 is an error. */
    static HttpResponse<String> post(String author) throws Exception {
        URI api = URI.create("http://127.0.0.1:" + LocalEndpoints.apiPort());
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(api.resolve("/legacy/users/" + author + "/yubls"))
                .header("x-correlation-id", "bench-fanout-" + UUID.randomUUID())
                .header("authorization", MONOLITH)
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"benchmark yubl\"}")).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("post failed: HTTP " + response.statusCode() + " " + response.body());
        }
        return response;
    }

    static double rawBatchWriteRate(DynamoDbClient dynamodb, String table, int items) {
        return rawBatchWriteRate(dynamodb, table, items, 1);
    }

    /** Items/s of plain loops of BatchWriteItem calls of 25 feed items, {@code writers} loops at once, on the same table. */
    static double rawBatchWriteRate(DynamoDbClient dynamodb, String table, int items, int writers) {
        String yublId = "bench-raw-" + UUID.randomUUID();
        String postedAt = SortableTime.format(Instant.now());
        List<WriteRequest> writes = new ArrayList<>(items);
        for (int i = 0; i < items; i++) {
            String userId = "bench-raw-user-" + i;
            writes.add(WriteRequest.builder().putRequest(p -> p.item(Map.of(
                    "userId", AttributeValue.fromS(userId), "feedKey", AttributeValue.fromS(postedAt + "#" + yublId),
                    "yublId", AttributeValue.fromS(yublId), "authorId", AttributeValue.fromS("bench-raw"),
                    "postedAt", AttributeValue.fromS(postedAt)))).build());
        }
        List<List<WriteRequest>> chunks = new ArrayList<>();
        for (int from = 0; from < writes.size(); from += 25) {
            chunks.add(writes.subList(from, Math.min(writes.size(), from + 25)));
        }
        AtomicInteger next = new AtomicInteger();
        Runnable writer = () -> {
            for (int i = next.getAndIncrement(); i < chunks.size(); i = next.getAndIncrement()) {
                List<WriteRequest> chunk = chunks.get(i);
                if (!dynamodb.batchWriteItem(r -> r.requestItems(Map.of(table, chunk))).unprocessedItems().isEmpty()) {
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

    static double percentile(double[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
