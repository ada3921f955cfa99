package io.yubl.producers.it;

import static org.awaitility.Awaitility.await;

import io.yubl.contracts.Contracts;
import io.yubl.contracts.EventEnvelope;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/** The local cloud's Kinesis emulator, for integration tests: throwaway streams and reading them back. */
public final class LocalKinesis {
    public static final URI ENDPOINT =
            URI.create("http://127.0.0.1:" + System.getenv().getOrDefault("YUBL_KINESIS_PORT", "4568"));

    private LocalKinesis() {}

    public static KinesisClient client() {
        return client(ENDPOINT);
    }

    public static KinesisClient client(URI endpoint) {
        return KinesisClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(16))
                .build();
    }

    /** A new, active stream with a unique name. */
    public static String newStream(KinesisClient kinesis, String prefix, int shards) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        kinesis.createStream(r -> r.streamName(name).shardCount(shards));
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> kinesis.describeStreamSummary(r -> r.streamName(name))
                                .streamDescriptionSummary()
                                .streamStatus()
                        == StreamStatus.ACTIVE);
        return name;
    }

    /** Every record now on the stream, shard by shard, each shard in sequence order. */
    public static List<Record> readAll(KinesisClient kinesis, String stream) {
        return readSince(kinesis, stream, null);
    }

    /** The records put on the stream since the given time (all of them when null). */
    public static List<Record> readSince(KinesisClient kinesis, String stream, Instant since) {
        List<Record> records = new ArrayList<>();
        for (Shard shard : kinesis.listShards(r -> r.streamName(stream)).shards()) {
            String iterator = kinesis.getShardIterator(r -> r.streamName(stream)
                            .shardId(shard.shardId())
                            .shardIteratorType(
                                    since == null ? ShardIteratorType.TRIM_HORIZON : ShardIteratorType.AT_TIMESTAMP)
                            .timestamp(since))
                    .shardIterator();
            while (iterator != null) {
                String current = iterator;
                GetRecordsResponse page =
                        kinesis.getRecords(r -> r.shardIterator(current).limit(10_000));
                if (page.records().isEmpty()) {
                    break; // the emulator has no more: an empty page is the end of the shard here
                }
                records.addAll(page.records());
                iterator = page.nextShardIterator();
            }
        }
        return records;
    }

    public static List<EventEnvelope> readEvents(KinesisClient kinesis, String stream) {
        return readAll(kinesis, stream).stream()
                .map(r -> Contracts.decodeEvent(r.data().asByteArray()))
                .toList();
    }
}
