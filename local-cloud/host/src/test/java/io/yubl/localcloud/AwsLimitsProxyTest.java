package io.yubl.localcloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the limits proxy refuses, judged from the requests' bytes alone. */
class AwsLimitsProxyTest {
    private static final String FORM = "application/x-www-form-urlencoded; charset=utf-8";
    private static final String SQS_JSON = "application/x-amz-json-1.0";

    @Test
    void a_publish_batch_of_11_entries_is_refused_and_one_of_10_passes() throws Exception {
        // Given
        String eleven = publishBatch(11, 10);
        String ten = publishBatch(10, 10);

        // When / Then
        assertThat(AwsLimitsProxy.check(FORM, null, bytes(eleven)))
                .get()
                .extracting(AwsLimitsProxy.Refusal::code)
                .isEqualTo("TooManyEntriesInBatchRequest");
        assertThat(AwsLimitsProxy.check(FORM, null, bytes(ten))).isEmpty();
    }

    @Test
    void a_publish_batch_over_256_KiB_in_all_is_refused_though_each_message_fits() throws Exception {
        // Given three messages of 100 KiB
        String batch = publishBatch(3, 100 * 1024);

        // When
        Optional<AwsLimitsProxy.Refusal> refusal = AwsLimitsProxy.check(FORM, null, bytes(batch));

        // Then
        assertThat(refusal).get().extracting(AwsLimitsProxy.Refusal::code).isEqualTo("BatchRequestTooLong");
    }

    @Test
    void an_sqs_message_counts_its_attributes_in_its_size() throws Exception {
        // Given a body just under 256 KiB and an attribute that takes it over
        String body = "x".repeat(256 * 1024 - 10);
        String request = "{\"QueueUrl\":\"q\",\"MessageBody\":\"" + body + "\",\"MessageAttributes\":{\"reason\":"
                + "{\"DataType\":\"String\",\"StringValue\":\"a reason that is long\"}}}";

        // When / Then
        assertThat(AwsLimitsProxy.check(SQS_JSON, "AmazonSQS.SendMessage", bytes(request)))
                .get()
                .extracting(AwsLimitsProxy.Refusal::code)
                .isEqualTo("InvalidParameterValue");
        assertThat(AwsLimitsProxy.check(
                        SQS_JSON,
                        "AmazonSQS.SendMessage",
                        bytes("{\"QueueUrl\":\"q\",\"MessageBody\":\"" + body + "\"}")))
                .isEmpty();
    }

    @Test
    void requests_the_proxy_does_not_judge_go_through() throws Exception {
        assertThat(AwsLimitsProxy.check(SQS_JSON, "AmazonSQS.ReceiveMessage", bytes("{\"QueueUrl\":\"q\"}")))
                .isEmpty();
        assertThat(AwsLimitsProxy.check(FORM, null, bytes("Action=CreateTopic&Name=t")))
                .isEmpty();
    }

    private static String publishBatch(int entries, int messageBytes) {
        StringBuilder form = new StringBuilder("Action=PublishBatch&TopicArn=arn");
        for (int i = 1; i <= entries; i++) {
            form.append("&PublishBatchRequestEntries.member.")
                    .append(i)
                    .append(".Id=m")
                    .append(i)
                    .append("&PublishBatchRequestEntries.member.")
                    .append(i)
                    .append(".Message=")
                    .append("y".repeat(messageBytes));
        }
        return form.toString();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
