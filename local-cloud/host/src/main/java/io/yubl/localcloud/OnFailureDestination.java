package io.yubl.localcloud;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yubl.localcloud.client.LocalEndpoints;
import java.time.Instant;
import java.util.UUID;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A Kinesis event source's on-failure destination (an SQS queue), written to as Lambda writes to it: one JSON document
 * per discarded batch with the invocation's metadata and the batch's place in the stream, and nothing of the records
 * themselves. What the records held is read back from the stream, by shard and sequence number, within its retention.
 * <pre>
 * {"requestContext": {"requestId", "functionArn", "condition": "RetryAttemptsExhausted", "approximateInvokeCount"},
 *  "responseContext": {"statusCode": 200, "executedVersion": "$LATEST", "functionError": "Unhandled"},
 *  "version": "1.0", "timestamp",
 *  "KinesisBatchInfo": {"shardId", "startSequenceNumber", "endSequenceNumber", "approximateArrivalOfFirstRecord",
 *                       "approximateArrivalOfLastRecord", "batchSize", "streamArn"}}
 * </pre>
 * {@code functionError} is there only when the invocation failed (not when the function reported the batch's items
 * as failed).
 */
final class OnFailureDestination {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A discarded batch: which function, where in the stream, how often tried, how the last try failed. */
    record KinesisBatch(
            String function,
            String streamArn,
            String shardId,
            String startSequenceNumber,
            String endSequenceNumber,
            Instant firstArrival,
            Instant lastArrival,
            int batchSize,
            int invokeCount,
            String functionError) {}

    private final SqsClient sqs;
    private final String queueUrl;

    OnFailureDestination(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    void send(KinesisBatch batch) {
        sqs.sendMessage(r ->
                r.queueUrl(queueUrl).messageBody(document(batch, Instant.now()).toString()));
    }

    static ObjectNode document(KinesisBatch batch, Instant now) {
        ObjectNode document = JSON.createObjectNode();
        ObjectNode request = document.putObject("requestContext");
        request.put("requestId", UUID.randomUUID().toString());
        request.put(
                "functionArn",
                "arn:aws:lambda:" + LocalEndpoints.REGION + ":" + LocalEndpoints.ACCOUNT_ID + ":function:"
                        + batch.function());
        request.put("condition", "RetryAttemptsExhausted");
        request.put("approximateInvokeCount", batch.invokeCount());
        ObjectNode response = document.putObject("responseContext");
        response.put("statusCode", 200);
        response.put("executedVersion", "$LATEST");
        if (batch.functionError() != null) {
            response.put("functionError", batch.functionError());
        }
        document.put("version", "1.0");
        document.put("timestamp", now.toString());
        ObjectNode info = document.putObject("KinesisBatchInfo");
        info.put("shardId", batch.shardId());
        info.put("startSequenceNumber", batch.startSequenceNumber());
        info.put("endSequenceNumber", batch.endSequenceNumber());
        info.put("approximateArrivalOfFirstRecord", String.valueOf(batch.firstArrival()));
        info.put("approximateArrivalOfLastRecord", String.valueOf(batch.lastArrival()));
        info.put("batchSize", batch.batchSize());
        info.put("streamArn", batch.streamArn());
        return document;
    }
}
