package io.yubl.localcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.yubl.localcloud.client.AwsClients;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.InvalidParameterException;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SqsException;

/** The local cloud refuses, over the wire and with AWS's errors, what AWS refuses and its emulators would take. */
class AwsLimitsIT {
    private static final String NAME =
            "it-limits-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void a_publish_with_13_message_attributes_is_refused_as_sns_refuses_it_and_10_are_delivered() {
        try (SnsClient sns = AwsClients.sns()) {
            // Given
            String topic = sns.createTopic(r -> r.name(NAME)).topicArn();

            // When / Then
            assertThatThrownBy(() ->
                            sns.publish(r -> r.topicArn(topic).message("hello").messageAttributes(snsAttributes(13))))
                    .isInstanceOf(InvalidParameterException.class)
                    .hasMessageContaining("number of message attributes [13] exceeds the allowed maximum [10]");
            assertThat(sns.publish(r -> r.topicArn(topic).message("hello").messageAttributes(snsAttributes(10)))
                            .messageId())
                    .isNotBlank();
            sns.deleteTopic(r -> r.topicArn(topic));
        }
    }

    @Test
    void an_sqs_message_with_11_attributes_is_refused_as_sqs_refuses_it() {
        try (SqsClient sqs = AwsClients.sqs()) {
            // Given
            String queue = sqs.createQueue(r -> r.queueName(NAME)).queueUrl();
            // two types of this name: SQS's message attribute here, SNS's imported
            Map<String, software.amazon.awssdk.services.sqs.model.MessageAttributeValue> attributes =
                    new LinkedHashMap<>();
            IntStream.rangeClosed(1, 11)
                    .forEach(i -> attributes.put(
                            "a" + i,
                            // two types of this name
                            software.amazon.awssdk.services.sqs.model.MessageAttributeValue.builder()
                                    .dataType("String")
                                    .stringValue("v")
                                    .build()));

            // When / Then
            assertThatThrownBy(() -> sqs.sendMessage(
                            r -> r.queueUrl(queue).messageBody("x").messageAttributes(attributes)))
                    .isInstanceOf(SqsException.class)
                    .hasMessageContaining("Number of message attributes [11] exceeds the allowed maximum [10]");
            sqs.deleteQueue(r -> r.queueUrl(queue));
        }
    }

    @Test
    void a_put_records_call_of_501_records_is_refused_as_kinesis_refuses_it() {
        try (KinesisClient kinesis = AwsClients.kinesis()) {
            // Given
            List<PutRecordsRequestEntry> records = IntStream.range(0, 501)
                    .mapToObj(i -> PutRecordsRequestEntry.builder()
                            .partitionKey("k")
                            .data(SdkBytes.fromUtf8String("{}"))
                            .build())
                    .toList();

            // When / Then: refused before the stream is looked up
            assertThatThrownBy(() -> kinesis.putRecords(r -> r.streamName(NAME).records(records)))
                    .isInstanceOf(KinesisException.class)
                    .hasMessageContaining("less than or equal to 500");
        }
    }

    private static Map<String, MessageAttributeValue> snsAttributes(int count) {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        IntStream.rangeClosed(1, count)
                .forEach(i -> attributes.put(
                        "x-correlation-" + i,
                        MessageAttributeValue.builder()
                                .dataType("String")
                                .stringValue("v" + i)
                                .build()));
        return attributes;
    }
}
