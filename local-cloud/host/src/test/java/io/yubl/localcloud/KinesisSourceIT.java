package io.yubl.localcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.yubl.localcloud.client.AwsClients;
import io.yubl.localcloud.client.LocalEndpoints;
import io.yubl.localcloud.client.Template;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * A Kinesis event source over the emulators. With a function that fails on one record whatever happens, the records
 * around it are processed, and the on-failure destination gets the metadata Lambda would send, not the record. Started
 * on a lease table that KCL's 3.x mode was left in, it runs KCL in 2.x mode.
 */
class KinesisSourceIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void a_record_the_function_keeps_failing_on_is_skipped_and_only_its_place_goes_to_the_on_failure_queue()
            throws Exception {
        // Given a stream of three records, and a function that fails on the middle one
        try (Stream stream = new Stream("it-on-failure-")) {
            stream.put("first");
            String poisonSequence = stream.put("poison");
            stream.put("last");
            List<String> processed = Collections.synchronizedList(new ArrayList<>());

            // When
            try (KinesisSource source = stream.source(new FailingOn(stream.name, "poison", processed))) {
                source.start();

                // Then
                await().atMost(Duration.ofSeconds(90)).until(() -> processed.containsAll(List.of("first", "last")));
                List<Message> letters = new ArrayList<>();
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    letters.addAll(stream.sqs
                            .receiveMessage(r -> r.queueUrl(stream.queueUrl).maxNumberOfMessages(10))
                            .messages());
                    return !letters.isEmpty();
                });
                assertThat(letters).hasSize(1);
                assertThat(letters.get(0).body()).doesNotContain("poison");
                assertThat(letters.get(0).messageAttributes()).isEmpty();
                JsonNode document = JSON.readTree(letters.get(0).body());
                assertThat(document.fieldNames())
                        .toIterable()
                        .containsExactlyInAnyOrder(
                                "requestContext", "responseContext", "version", "timestamp", "KinesisBatchInfo");
                assertThat(document.at("/requestContext/condition").asText()).isEqualTo("RetryAttemptsExhausted");
                assertThat(document.at("/requestContext/functionArn").asText()).endsWith(":function:" + stream.name);
                assertThat(document.at("/requestContext/approximateInvokeCount").asInt())
                        .isGreaterThanOrEqualTo(2);
                assertThat(document.at("/responseContext/functionError").asText())
                        .isEqualTo("Unhandled");
                JsonNode batch = document.path("KinesisBatchInfo");
                assertThat(batch.path("shardId").asText()).isEqualTo("shardId-000000000000");
                assertThat(batch.path("startSequenceNumber").asText()).isEqualTo(poisonSequence);
                assertThat(batch.path("endSequenceNumber").asText()).isEqualTo(poisonSequence);
                assertThat(batch.path("batchSize").asInt()).isEqualTo(1);
                assertThat(batch.path("streamArn").asText()).isEqualTo(stream.arn);
                assertThat(processed).containsExactly("first", "last");
            }
        }
    }

    @Test
    void a_lease_table_left_in_kcl_3x_mode_is_taken_over_in_pure_2x_mode_which_never_switches() throws Exception {
        // Given a source that processed a record, stopped, and left its lease table in KCL's 3.x mode, as a host of
        // the version before this one did after 10 minutes up (where a crash left a leader lock to wait out)
        try (Stream stream = new Stream("it-kcl-2x-")) {
            List<String> processed = Collections.synchronizedList(new ArrayList<>());
            stream.put("before");
            try (KinesisSource first = stream.source(new FailingOn(stream.name, "nothing", processed))) {
                first.start();
                await().atMost(Duration.ofSeconds(90)).until(() -> processed.contains("before"));
            }
            stream.dynamodb
                    .putItem(r -> r.tableName(stream.name)
                            .item(Map.of(
                                    "leaseKey", AttributeValue.fromS("Migration3.0"),
                                    "cv", AttributeValue.fromS("CLIENT_VERSION_3X_WITH_ROLLBACK"),
                                    "mb", AttributeValue.fromS(stream.name + "-gone"),
                                    "mts", AttributeValue.fromN("1796555472335"))))
                    .join();
            stream.put("after");

            // When the source starts again
            try (KinesisSource second = stream.source(new FailingOn(stream.name, "nothing", processed))) {
                second.start();

                // Then it processes on, and the table holds no migration state: KCL runs in 2.x mode, where the lease
                // of a worker that died is taken once it expires, and nothing switches it to 3.x
                await().atMost(Duration.ofSeconds(90)).until(() -> processed.contains("after"));
                assertThat(stream.dynamodb
                                .getItem(r -> r.tableName(stream.name)
                                        .consistentRead(true)
                                        .key(Map.of("leaseKey", AttributeValue.fromS("Migration3.0"))))
                                .join()
                                .hasItem())
                        .isFalse();
                assertThat(processed).containsExactly("before", "after");
            }
        }
    }

    /**
     * A one-shard stream and an on-failure queue, named after a function of their own: a source's lease table is
     * named after its function, and one left by an earlier run would hold that run's checkpoint.
     */
    private static final class Stream implements AutoCloseable {
        final String name;
        final String arn;
        final KinesisClient kinesis = AwsClients.kinesis();
        final SqsClient sqs = AwsClients.sqs();
        final KinesisAsyncClient kinesisAsync = EventSources.local(
                        KinesisAsyncClient.builder(), LocalEndpoints.kinesis())
                .build();
        final DynamoDbAsyncClient dynamodb = EventSources.local(
                        DynamoDbAsyncClient.builder(), LocalEndpoints.dynamodb())
                .build();
        final CloudWatchAsyncClient cloudwatch = EventSources.local(
                        CloudWatchAsyncClient.builder(), LocalEndpoints.snsSqs())
                .build();
        final String queueUrl;

        Stream(String prefix) {
            name = prefix + UUID.randomUUID().toString().substring(0, 8);
            arn = "arn:aws:kinesis:" + LocalEndpoints.REGION + ":" + LocalEndpoints.ACCOUNT_ID + ":stream/" + name;
            kinesis.createStream(r -> r.streamName(name).shardCount(1));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> kinesis.describeStreamSummary(r -> r.streamName(name))
                                    .streamDescriptionSummary()
                                    .streamStatus()
                            == StreamStatus.ACTIVE);
            queueUrl = sqs.createQueue(r -> r.queueName(name)).queueUrl();
        }

        String put(String data) {
            return kinesis.putRecord(
                            r -> r.streamName(name).partitionKey("one-key").data(SdkBytes.fromUtf8String(data)))
                    .sequenceNumber();
        }

        /** The source Lambda would map, retrying a failed batch once, then bisecting it. */
        KinesisSource source(LambdaFunction function) {
            return new KinesisSource(
                    function,
                    arn,
                    Map.of(
                            "BatchSize",
                            10,
                            "MaximumRetryAttempts",
                            1,
                            "BisectBatchOnFunctionError",
                            true,
                            "StartingPosition",
                            "TRIM_HORIZON"),
                    new OnFailureDestination(sqs, queueUrl),
                    kinesisAsync,
                    dynamodb,
                    cloudwatch);
        }

        @Override
        public void close() {
            kinesis.deleteStream(r -> r.streamName(name));
            sqs.deleteQueue(r -> r.queueUrl(queueUrl));
            List.<AutoCloseable>of(kinesis, sqs, kinesisAsync, dynamodb, cloudwatch)
                    .forEach(c -> {
                        try {
                            c.close();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
        }
    }

    /** A function that processes each batch whole, unless the batch holds the poison record: then it fails. */
    private record FailingOn(String name, String poison, List<String> processed) implements LambdaFunction {

        @Override
        public Template.Resource resource() {
            return null;
        }

        @Override
        public <R> R invoke(Object event, Class<R> responseType) {
            List<String> data = ((KinesisEvent) event)
                    .getRecords().stream()
                            .map(r -> StandardCharsets.UTF_8
                                    .decode(r.getKinesis().getData())
                                    .toString())
                            .toList();
            if (data.contains(poison)) {
                throw new InvocationError(name(), "java.lang.IllegalStateException", "cannot process " + poison);
            }
            processed.addAll(data);
            return null;
        }
    }
}
