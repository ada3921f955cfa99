package io.yubl.operations.replay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeadLetterTest {

    @Test
    void an_on_failure_record_names_the_function_the_stream_the_shard_and_the_sequence_range() {
        // Given what Lambda's on-failure destination writes for a Kinesis batch
        String body = """
                {"requestContext": {
                   "requestId": "r1",
                   "functionArn": "arn:aws:lambda:us-east-1:123456789012:function:yubl-dev-index-user:live",
                   "condition": "RetryAttemptsExhausted", "approximateInvokeCount": 6},
                 "responseContext": {"statusCode": 200, "executedVersion": "7", "functionError": "Unhandled"},
                 "version": "1.0", "timestamp": "2026-11-22T08:30:00.000Z",
                 "KinesisBatchInfo": {"shardId": "shardId-000000000001",
                                      "startSequenceNumber": "4961", "endSequenceNumber": "4969",
                                      "approximateArrivalOfFirstRecord": "2026-11-22T08:29:00Z",
                                      "approximateArrivalOfLastRecord": "2026-11-22T08:29:01Z", "batchSize": 3,
                                      "streamArn": "arn:aws:kinesis:us-east-1:123456789012:stream/yubl-dev-events"}}""";

        // When it is read
        DeadLetter letter = DeadLetter.of(body);

        // Then it is a batch to re-read from the stream
        assertThat(letter)
                .isEqualTo(new DeadLetter.KinesisBatch(
                        "arn:aws:lambda:us-east-1:123456789012:function:yubl-dev-index-user:live",
                        "arn:aws:kinesis:us-east-1:123456789012:stream/yubl-dev-events",
                        "shardId-000000000001",
                        "4961",
                        "4969",
                        3,
                        "RetryAttemptsExhausted"));
        assertThat(((DeadLetter.KinesisBatch) letter).streamName()).isEqualTo("yubl-dev-events");
    }

    @Test
    void a_letter_a_handler_sent_for_a_record_breaking_its_contract_is_told_apart_from_a_moved_message() {
        // Given a handler's letter, an SNS envelope moved by a redrive policy, and a body that is not JSON
        String refused = "{\"function\":\"yubl-dev-add-to-feed\",\"reason\":\"$.followerIds: is "
                + "required\",\"failedAt\":\"2026-11-22T08:30:00Z\","
                + "\"source\":{\"messageId\":\"m1\"},\"data\":\"{}\"}";
        String moved = "{\"Type\":\"Notification\",\"MessageId\":\"n1\",\"Message\":\"{}\"}";

        // When they are read, Then only the handler's letter is a refusal
        assertThat(DeadLetter.of(refused))
                .isEqualTo(new DeadLetter.Refused("yubl-dev-add-to-feed", "$.followerIds: is required"));
        assertThat(DeadLetter.of(moved)).isEqualTo(new DeadLetter.Moved(moved));
        assertThat(DeadLetter.of("not json")).isEqualTo(new DeadLetter.Moved("not json"));
    }
}
