package io.yubl.bench;

import io.yubl.contracts.Contracts;
import io.yubl.contracts.CorrelationIds;
import io.yubl.contracts.EventEnvelope;
import io.yubl.contracts.UserJoined;
import io.yubl.producers.EventPublisher;
import io.yubl.producers.PublishResult;
import io.yubl.middleware.RetryPolicy;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * EventPublisher's records/s against a raw PutRecords loop, on the same Kinesis emulator, in the same run, in
 * alternating rounds so that neither gets a warmer emulator. The raw loop serializes each event with plain Jackson and
 * sends PutRecords calls of 500, nothing else; the publisher also validates each event against its schema, keeps
 * per-key order and checks every record's result. Writes
 * bench-results/publisher.json.
 * Usage: PublisherBenchmark [eventsPerRound=5000] [rounds=3]
 */
public final class PublisherBenchmark {
    private PublisherBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        URI endpoint = URI.create("http://127.0.0.1:" + System.getenv().getOrDefault("YUBL_KINESIS_PORT", "4568"));
        try (KinesisClient kinesis = KinesisClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(8))
                .build()) {
            System.out.printf("warm-up: %d events each way%n", events / 5);
            measure(kinesis, stream -> raw(kinesis, stream, batch(events / 5)));
            measure(kinesis, stream -> publish(kinesis, stream, batch(events / 5)));

            // kinesis-local slows down as a stream grows, so each measurement gets a fresh stream, and the order
            // alternates (raw first, then publisher first) so that neither always follows the other.
            double[] rawRates = new double[rounds];
            double[] publisherRates = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                List<EventEnvelope> forRaw = batch(events);
                List<EventEnvelope> forPublisher = batch(events);
                if (round % 2 == 0) {
                    rawRates[round] = events / measure(kinesis, stream -> raw(kinesis, stream, forRaw));
                    publisherRates[round] = events / measure(kinesis, stream -> publish(kinesis, stream, forPublisher));
                } else {
                    publisherRates[round] = events / measure(kinesis, stream -> publish(kinesis, stream, forPublisher));
                    rawRates[round] = events / measure(kinesis, stream -> raw(kinesis, stream, forRaw));
                }
                System.out.printf("round %d: raw PutRecords %,.0f records/s, EventPublisher %,.0f records/s%n",
                        round + 1, rawRates[round], publisherRates[round]);
            }
            double raw = median(rawRates);
            double pub = median(publisherRates);
            String json = String.format("{%n  \"benchmark\": \"publisher-vs-raw-putrecords\",%n  \"at\": \"%s\",%n"
                            + "  \"emulator\": \"kinesis-local 0.6.2 (2 shards) at %s\",%n  \"eventsPerRound\": %d,%n  \"rounds\": %d,%n"
                            + "  \"rawRecordsPerSecond\": %s,%n  \"publisherRecordsPerSecond\": %s,%n"
                            + "  \"medianRawRecordsPerSecond\": %.0f,%n  \"medianPublisherRecordsPerSecond\": %.0f,%n  \"ratio\": %.3f%n}%n",
                    Instant.now(), endpoint, events, rounds, Arrays.toString(round(rawRates)), Arrays.toString(round(publisherRates)),
                    raw, pub, pub / raw);
            Path out = Path.of("bench-results", "publisher.json");
            Files.createDirectories(out.getParent());
            Files.writeString(out, json);
            System.out.printf("median: raw %,.0f records/s, publisher %,.0f records/s, ratio %.3f (goal >= 0.9)%nwritten to %s%n",
                    raw, pub, pub / raw, out);
        }
    }

    /** Seconds the work takes on a new two-shard stream, which is deleted afterwards. */
    private static double measure(KinesisClient kinesis, java.util.function.Consumer<String> work) throws InterruptedException {
        String stream = "bench-publisher-" + UUID.randomUUID().toString().substring(0, 8);
        kinesis.createStream(r -> r.streamName(stream).shardCount(2));
        while (kinesis.describeStreamSummary(r -> r.streamName(stream)).streamDescriptionSummary().streamStatus() != StreamStatus.ACTIVE) {
            Thread.sleep(50);
        }
        long t0 = System.nanoTime();
        work.accept(stream);
        double seconds = seconds(t0);
        kinesis.deleteStream(r -> r.streamName(stream));
        return seconds;
    }

    private static void publish(KinesisClient kinesis, String stream, List<EventEnvelope> events) {
        PublishResult result = new EventPublisher(kinesis, stream, RetryPolicy.DEFAULT).publish(events).orThrow();
        if (result.retries() > 0) {
            System.out.printf("  (%d records retried)%n", result.retries());
        }
    }

    /** Distinct users, as the monolith's traffic mostly is: one event per partition key. */
    private static List<EventEnvelope> batch(int n) {
        Map<String, String> correlation = Map.of(CorrelationIds.HEADER, "bench-" + UUID.randomUUID());
        return IntStream.range(0, n)
                .mapToObj(i -> EventEnvelope.of(new UserJoined("u-" + UUID.randomUUID(), "user" + i, "First" + i, "Last" + i), correlation))
                .toList();
    }

    /** The baseline: plain serialization and PutRecords calls of 500. */
    private static void raw(KinesisClient kinesis, String stream, List<EventEnvelope> events) {
        List<PutRecordsRequestEntry> entries = new ArrayList<>(events.size());
        for (EventEnvelope e : events) {
            entries.add(PutRecordsRequestEntry.builder().partitionKey(e.partitionKey())
                    .data(SdkBytes.fromByteArrayUnsafe(Contracts.json().valueToTree(e).toString().getBytes())).build());
        }
        for (int i = 0; i < entries.size(); i += 500) {
            List<PutRecordsRequestEntry> chunk = entries.subList(i, Math.min(entries.size(), i + 500));
            PutRecordsResponse response = kinesis.putRecords(r -> r.streamName(stream).records(chunk));
            if (response.failedRecordCount() > 0) {
                throw new IllegalStateException(response.failedRecordCount() + " records failed in the raw loop");
            }
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static long[] round(double[] values) {
        return Arrays.stream(values).mapToLong(Math::round).toArray();
    }
}
