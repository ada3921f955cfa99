package io.yubl.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yubl.contracts.Contracts;
import io.yubl.contracts.CorrelationIds;
import io.yubl.contracts.EventEnvelope;
import io.yubl.contracts.RetryPolicy;
import io.yubl.contracts.UserJoined;
import io.yubl.producers.BufferedEventPublisher;
import io.yubl.producers.EventPublisher;
import io.yubl.producers.PublishResult;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * The publishers' records/s against a raw PutRecords loop, on the same Kinesis emulator, in the same run. Each round
 * measures four ways to put the same number of events on a fresh two-shard stream, in an order that rotates from
 * round to round, so that none always follows another:
 * <ul>
 *   <li><b>raw</b>: one thread, plain Jackson, PutRecords calls of 500, nothing else (the baseline);</li>
 *   <li><b>publisher</b>: one thread, {@link EventPublisher#publish(List)} of all of them (schema validation, per-key
 *       order, every record's result checked);</li>
 *   <li><b>sync8</b>: 8 request threads, each calling {@link EventPublisher#publish(EventEnvelope)} per event, as a
 *       monolith's request threads would without a buffer;</li>
 *   <li><b>buffered8</b>: the same 8 threads through a {@link BufferedEventPublisher}, until {@code close()} has sent
 *       everything.</li>
 * </ul>
 * Many short rounds, and the figures are the median ratio to raw of the same round, with its spread (quartiles,
 * min and max); a ratio whose interquartile range is over 20 % of its median is flagged as too wide to trust. sync8
 * measures a quarter of the events (a PutRecords call per event is slow, and its rate is what counts). Writes
 * bench-results/publisher.json.
 * Usage: PublisherBenchmark [eventsPerRound=2000] [rounds=9]
 */
public final class PublisherBenchmark {
    private static final int THREADS = 8;
    private static final List<String> WAYS = List.of("raw", "publisher", "sync8", "buffered8");
    private static final int SYNC_SHARE = 4;

    private PublisherBenchmark() {}

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 9;
        URI endpoint = URI.create("http://127.0.0.1:" + System.getenv().getOrDefault("YUBL_KINESIS_PORT", "4568"));
        try (KinesisClient kinesis = KinesisClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(THREADS * 2))
                .build()) {
            System.out.printf("warm-up: %d events each way%n", events / 4);
            for (String way : WAYS) {
                rate(kinesis, way, events / 4);
            }
            // kinesis-local slows down as a stream grows, so each measurement gets a fresh stream
            Map<String, List<Double>> rates = new LinkedHashMap<>();
            Map<String, List<Double>> ratios = new LinkedHashMap<>();
            for (int round = 0; round < rounds; round++) {
                Map<String, Double> thisRound = new LinkedHashMap<>();
                for (int i = 0; i < WAYS.size(); i++) {
                    String way = WAYS.get((round + i) % WAYS.size());
                    thisRound.put(way, rate(kinesis, way, way.equals("sync8") ? events / SYNC_SHARE : events));
                }
                StringBuilder line = new StringBuilder("round " + (round + 1) + ":");
                for (String way : WAYS) {
                    rates.computeIfAbsent(way, w -> new ArrayList<>()).add(thisRound.get(way));
                    line.append(String.format(" %s %,.0f/s", way, thisRound.get(way)));
                    if (!way.equals("raw")) {
                        ratios.computeIfAbsent(way, w -> new ArrayList<>())
                                .add(thisRound.get(way) / thisRound.get("raw"));
                    }
                }
                System.out.println(line);
            }
            ObjectNode json = Contracts.json().createObjectNode();
            json.put("benchmark", "publishers-vs-raw-putrecords")
                    .put("at", Instant.now().toString())
                    .put("emulator", "kinesis-local (2 shards) at " + endpoint)
                    .put("eventsPerMeasurement", events)
                    .put("rounds", rounds)
                    .put("requestThreads", THREADS)
                    .put("trustedIqr", Spread.TRUSTED_IQR)
                    .put("syncEventsPerMeasurement", events / SYNC_SHARE);
            ObjectNode recordsPerSecond = json.putObject("recordsPerSecond");
            rates.forEach(
                    (way, values) -> recordsPerSecond.set(way, Spread.of(values).json()));
            ObjectNode ratioToRaw = json.putObject("ratioToRaw");
            System.out.println("median records/s, and the median ratio to raw of the same round:");
            System.out.printf("  raw        %s%n", Spread.of(rates.get("raw")).describe("%,.0f"));
            ratios.forEach((way, values) -> {
                Spread spread = Spread.of(values);
                ratioToRaw.set(way, spread.json());
                System.out.printf(
                        "  %-10s %,.0f/s; ratio %s%n",
                        way, Spread.of(rates.get(way)).median(), spread.describe("%.3f"));
            });
            List<Double> bufferedOverSync = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                bufferedOverSync.add(
                        rates.get("buffered8").get(round) / rates.get("sync8").get(round));
            }
            json.set("bufferedOverSync", Spread.of(bufferedOverSync).json());
            System.out.printf(
                    "  buffered8 / sync8: %s%n", Spread.of(bufferedOverSync).describe("%.2f"));
            Path out = BenchResults.write("publisher", json);
            System.out.printf("written to %s%n", out);
        }
    }

    /** Records/s of one way of publishing these many events, on a stream of its own. */
    private static double rate(KinesisClient kinesis, String way, int count) throws Exception {
        List<EventEnvelope> events = batch(count);
        double seconds = measure(kinesis, stream -> {
            switch (way) {
                case "raw" -> raw(kinesis, stream, events);
                case "publisher" -> publish(kinesis, stream, events);
                case "sync8" ->
                    fromRequestThreads(events, new EventPublisher(kinesis, stream, RetryPolicy.DEFAULT)::publish);
                case "buffered8" -> {
                    try (BufferedEventPublisher buffered = new BufferedEventPublisher(
                            new EventPublisher(kinesis, stream, RetryPolicy.DEFAULT),
                            BufferedEventPublisher.Settings.DEFAULT)) {
                        fromRequestThreads(events, buffered::publish);
                    }
                }
                default -> throw new IllegalArgumentException(way);
            }
        });
        return count / seconds;
    }

    /** The events shared out over 8 threads, each publishing its share one event at a time. */
    private static void fromRequestThreads(List<EventEnvelope> events, Consumer<EventEnvelope> publish) {
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                running.add(threads.submit(() -> {
                    for (int i = thread; i < events.size(); i += THREADS) {
                        publish.accept(events.get(i));
                    }
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            threads.shutdown();
        }
    }

    /** Seconds the work takes on a new two-shard stream, which is deleted afterwards. */
    private static double measure(KinesisClient kinesis, Consumer<String> work) throws InterruptedException {
        String stream = "bench-publisher-" + UUID.randomUUID().toString().substring(0, 8);
        kinesis.createStream(r -> r.streamName(stream).shardCount(2));
        while (kinesis.describeStreamSummary(r -> r.streamName(stream))
                        .streamDescriptionSummary()
                        .streamStatus()
                != StreamStatus.ACTIVE) {
            Thread.sleep(50);
        }
        long t0 = System.nanoTime();
        work.accept(stream);
        double seconds = seconds(t0);
        kinesis.deleteStream(r -> r.streamName(stream));
        return seconds;
    }

    private static void publish(KinesisClient kinesis, String stream, List<EventEnvelope> events) {
        PublishResult result = new EventPublisher(kinesis, stream, RetryPolicy.DEFAULT)
                .publish(events)
                .orThrow();
        if (result.retries() > 0) {
            System.out.printf("  (%d records retried)%n", result.retries());
        }
    }

    /** Distinct users, as the monolith's traffic mostly is: one event per partition key. */
    private static List<EventEnvelope> batch(int n) {
        Map<String, String> correlation = Map.of(CorrelationIds.HEADER, "bench-" + UUID.randomUUID());
        return IntStream.range(0, n)
                .mapToObj(i -> EventEnvelope.of(
                        new UserJoined("u-" + UUID.randomUUID(), "user" + i, "First" + i, "Last" + i), correlation))
                .toList();
    }

    /** The baseline: plain serialization and PutRecords calls of 500. */
    private static void raw(KinesisClient kinesis, String stream, List<EventEnvelope> events) {
        List<PutRecordsRequestEntry> entries = new ArrayList<>(events.size());
        for (EventEnvelope e : events) {
            entries.add(PutRecordsRequestEntry.builder()
                    .partitionKey(e.partitionKey())
                    .data(SdkBytes.fromByteArrayUnsafe(
                            Contracts.json().valueToTree(e).toString().getBytes()))
                    .build());
        }
        for (int i = 0; i < entries.size(); i += 500) {
            List<PutRecordsRequestEntry> chunk = entries.subList(i, Math.min(entries.size(), i + 500));
            PutRecordsResponse response =
                    kinesis.putRecords(r -> r.streamName(stream).records(chunk));
            if (response.failedRecordCount() > 0) {
                throw new IllegalStateException(response.failedRecordCount() + " records failed in the raw loop");
            }
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
