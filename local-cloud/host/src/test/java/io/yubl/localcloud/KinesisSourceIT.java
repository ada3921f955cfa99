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
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * A Kinesis event source over the emulators, with a function that fails on one record whatever happens: the records
 * around it are processed, and the on-failure destination gets the metadata Lambda would send, not the record.
 */
class KinesisSourceIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void a_record_the_function_keeps_failing_on_is_skipped_and_only_its_place_goes_to_the_on_failure_queue()
            throws Exception {
        // Given a stream of three records, and a function that fails on the middle one
        String name = "it-on-failure-" + UUID.randomUUID().toString().substring(0, 8);
        String streamArn =
                "arn:aws:kinesis:" + LocalEndpoints.REGION + ":" + LocalEndpoints.ACCOUNT_ID + ":stream/" + name;
        List<String> processed = Collections.synchronizedList(new ArrayList<>());
        String poisonSequence;
        try (KinesisClient kinesis = AwsClients.kinesis();
                SqsClient sqs = AwsClients.sqs();
                KinesisAsyncClient kinesisAsync = EventSources.local(
                                KinesisAsyncClient.builder(), LocalEndpoints.kinesis())
                        .build();
                DynamoDbAsyncClient dynamodb = EventSources.local(
                                DynamoDbAsyncClient.builder(), LocalEndpoints.dynamodb())
                        .build();
                CloudWatchAsyncClient cloudwatch = EventSources.local(
                                CloudWatchAsyncClient.builder(), LocalEndpoints.snsSqs())
                        .build()) {
            kinesis.createStream(r -> r.streamName(name).shardCount(1));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> kinesis.describeStreamSummary(r -> r.streamName(name))
                                    .streamDescriptionSummary()
                                    .streamStatus()
                            == StreamStatus.ACTIVE);
            String queueUrl = sqs.createQueue(r -> r.queueName(name)).queueUrl();
            put(kinesis, name, "first");
            poisonSequence = put(kinesis, name, "poison");
            put(kinesis, name, "last");
            // a function name of its own: the source's lease table is named after it, and one left by an earlier run
            // would hold that run's checkpoint
            LambdaFunction failing = new FailingOn(name, "poison", processed);

            // When
            KinesisSource source = new KinesisSource(
                    failing,
                    streamArn,
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
            source.start();
            try {
                // Then
                await().atMost(Duration.ofSeconds(90)).until(() -> processed.containsAll(List.of("first", "last")));
                List<Message> letters = new ArrayList<>();
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    letters.addAll(sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10))
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
                assertThat(document.at("/requestContext/functionArn").asText()).endsWith(":function:" + name);
                assertThat(document.at("/requestContext/approximateInvokeCount").asInt())
                        .isGreaterThanOrEqualTo(2);
                assertThat(document.at("/responseContext/functionError").asText())
                        .isEqualTo("Unhandled");
                JsonNode batch = document.path("KinesisBatchInfo");
                assertThat(batch.path("shardId").asText()).isEqualTo("shardId-000000000000");
                assertThat(batch.path("startSequenceNumber").asText()).isEqualTo(poisonSequence);
                assertThat(batch.path("endSequenceNumber").asText()).isEqualTo(poisonSequence);
                assertThat(batch.path("batchSize").asInt()).isEqualTo(1);
                assertThat(batch.path("streamArn").asText()).isEqualTo(streamArn);
                assertThat(processed).containsExactly("first", "last");
            } finally {
                source.close();
                kinesis.deleteStream(r -> r.streamName(name));
                sqs.deleteQueue(r -> r.queueUrl(queueUrl));
            }
        }
    }

    private static String put(KinesisClient kinesis, String stream, String data) {
        return kinesis.putRecord(
                        r -> r.streamName(stream).partitionKey("one-key").data(SdkBytes.fromUtf8String(data)))
                .sequenceNumber();
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
