package io.yubl.operations.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * What a dead-letter queue holds, read from a message body: the metadata Lambda's on-failure destination writes for a
 * Kinesis batch it gave up on (the records stay in the stream), a letter a handler sent for a record that breaks its
 * contract (replaying it would fail the same way), or a message moved there by a queue's redrive policy (the message
 * as it was).
 */
public sealed interface DeadLetter {
    ObjectMapper JSON = new ObjectMapper();

    /** A Kinesis batch Lambda gave up on: which function, which stream and shard, which sequence numbers. */
    record KinesisBatch(
            String functionArn,
            String streamArn,
            String shardId,
            String startSequenceNumber,
            String endSequenceNumber,
            int batchSize,
            String condition)
            implements DeadLetter {
        /** The stream's name, from its ARN ({@code arn:aws:kinesis:REGION:ACCOUNT:stream/NAME}). */
        public String streamName() {
            return streamArn.substring(streamArn.indexOf(":stream/") + ":stream/".length());
        }
    }

    /** A record a handler refused, with the reason; it breaks its contract, so a replay would refuse it again. */
    record Refused(String function, String reason) implements DeadLetter {}

    /** A message its queue's redrive policy moved here after too many receives: the message as it was. */
    record Moved(String body) implements DeadLetter {}

    static DeadLetter of(String body) {
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException notJson) {
            return new Moved(body);
        }
        if (json != null && json.has("KinesisBatchInfo") && json.has("requestContext")) {
            JsonNode batch = json.get("KinesisBatchInfo");
            return new KinesisBatch(
                    json.path("requestContext").path("functionArn").asText(),
                    batch.path("streamArn").asText(),
                    batch.path("shardId").asText(),
                    batch.path("startSequenceNumber").asText(),
                    batch.path("endSequenceNumber").asText(),
                    batch.path("batchSize").asInt(1),
                    json.path("requestContext").path("condition").asText());
        }
        if (json != null && json.has("function") && json.has("reason") && json.has("data")) {
            return new Refused(
                    json.path("function").asText(), json.path("reason").asText());
        }
        return new Moved(body);
    }
}
