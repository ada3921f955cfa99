package io.yubl.operations.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yubl.contracts.Chunks;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Replays the events dead-letter queue. For each batch Lambda's on-failure destination recorded there, it re-reads the
 * batch's records from the stream (shard and sequence range), and invokes the function that failed them with them, as
 * its event source mapping would (a Kinesis event, synchronously). A batch that goes through is deleted from the queue;
 * one that fails again stays. Replaying twice does no harm: every function is idempotent. Letters that handlers sent
 * for records breaking their contract are skipped and stay, for a person to read.
 */
public final class KinesisReplay {
    private static final int MAX_RECORDS_PER_INVOCATION = 100;
    private static final int MAX_PAYLOAD_BYTES = 5 * 1024 * 1024;

    private final SqsClient sqs;
    private final KinesisClient kinesis;
    private final LambdaClient lambda;
    private final String region;
    private final PrintStream out;

    public KinesisReplay(SqsClient sqs, KinesisClient kinesis, LambdaClient lambda, String region, PrintStream out) {
        this.sqs = sqs;
        this.kinesis = kinesis;
        this.lambda = lambda;
        this.region = region;
        this.out = out;
    }

    public ReplayReport replay(String deadLetterQueueUrl) {
        ReplayReport report = new ReplayReport("events", 0, 0, 0, 0);
        DeadLetterQueue queue = new DeadLetterQueue(sqs, deadLetterQueueUrl);
        for (Message message : queue) {
            DeadLetter letter = DeadLetter.of(message.body());
            ReplayReport one;
            if (letter instanceof DeadLetter.KinesisBatch batch) {
                one = replay(batch);
            } else if (letter instanceof DeadLetter.Refused refused) {
                out.printf("  skipped a record %s refused: %s%n", refused.function(), refused.reason());
                one = new ReplayReport("events", 0, 1, 0, 0);
            } else {
                out.printf("  skipped message %s: not an on-failure record%n", message.messageId());
                one = new ReplayReport("events", 0, 1, 0, 0);
            }
            if (one.replayed() + one.notFound() > 0 && one.failed() == 0) {
                queue.delete(message);
            } else {
                queue.keep(message);
            }
            report = report.plus(one);
        }
        queue.releaseKept();
        return report;
    }

    private ReplayReport replay(DeadLetter.KinesisBatch batch) {
        List<Record> records = read(batch);
        int notFound = Math.max(0, batch.batchSize() - records.size());
        if (notFound > 0) {
            out.printf(
                    "  %s: %d of %d records are no longer in the stream%n", where(batch), notFound, batch.batchSize());
        }
        int replayed = 0;
        int failed = 0;
        for (List<Record> chunk : chunks(records)) {
            int ok = invoke(batch, chunk);
            replayed += ok;
            if (ok < chunk.size()) {
                // the rest of the batch is not sent: it stays, in order, for the next replay
                failed = records.size() - replayed;
                break;
            }
        }
        out.printf(
                "  %s -> %s: %d replayed%s%n",
                where(batch),
                batch.functionArn().substring(batch.functionArn().lastIndexOf(":function:") + 10),
                replayed,
                failed > 0 ? ", " + failed + " failed again" : "");
        return new ReplayReport("events", replayed, 0, notFound, failed);
    }

    private static String where(DeadLetter.KinesisBatch batch) {
        String range = batch.startSequenceNumber().equals(batch.endSequenceNumber())
                ? batch.startSequenceNumber()
                : batch.startSequenceNumber() + ".." + batch.endSequenceNumber();
        return batch.streamName() + " " + batch.shardId() + " " + range;
    }

    /** The batch's records, from its first sequence number to its last, as far as the stream still holds them. */
    private List<Record> read(DeadLetter.KinesisBatch batch) {
        BigInteger end = new BigInteger(batch.endSequenceNumber());
        List<Record> records = new ArrayList<>();
        String iterator;
        try {
            iterator = kinesis.getShardIterator(r -> r.streamName(batch.streamName())
                            .shardId(batch.shardId())
                            .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER)
                            .startingSequenceNumber(batch.startSequenceNumber()))
                    .shardIterator();
        } catch (InvalidArgumentException | ResourceNotFoundException trimmedOrGone) {
            return records;
        }
        int emptyReads = 0;
        while (iterator != null && records.size() < batch.batchSize() && emptyReads < 5) {
            String from = iterator;
            GetRecordsResponse response =
                    kinesis.getRecords(r -> r.shardIterator(from).limit(Math.min(10_000, batch.batchSize())));
            for (Record record : response.records()) {
                if (new BigInteger(record.sequenceNumber()).compareTo(end) > 0) {
                    return records;
                }
                records.add(record);
            }
            emptyReads = response.records().isEmpty() ? emptyReads + 1 : 0;
            if (response.records().isEmpty() && Long.valueOf(0).equals(response.millisBehindLatest())) {
                break;
            }
            iterator = response.nextShardIterator();
        }
        return records;
    }

    /** Records in invocations of at most 100 records and 5 MB (Lambda takes 6 MB of payload). */
    private static List<List<Record>> chunks(List<Record> records) {
        // a record's share of the event: its data in base64, and its metadata
        return Chunks.of(
                records,
                MAX_RECORDS_PER_INVOCATION,
                record -> record.data().asByteArray().length * 4L / 3 + 512,
                MAX_PAYLOAD_BYTES);
    }

    /** Invokes the function with these records; how many of them, from the first, went through. */
    private int invoke(DeadLetter.KinesisBatch batch, List<Record> records) {
        InvokeResponse response = lambda.invoke(r -> r.functionName(batch.functionArn())
                .payload(SdkBytes.fromUtf8String(event(batch, records).toString())));
        if (response.functionError() != null) {
            out.printf(
                    "  %s failed: %s%n", batch.functionArn(), response.payload().asUtf8String());
            return 0;
        }
        Set<String> failed = new HashSet<>();
        try {
            JsonNode body = DeadLetter.JSON.readTree(response.payload().asUtf8String());
            if (body != null) {
                body.path("batchItemFailures")
                        .forEach(f -> failed.add(f.path("itemIdentifier").asText()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the function's response is not JSON", e);
        }
        for (int i = 0; i < records.size(); i++) {
            if (failed.contains(records.get(i).sequenceNumber())) {
                return i;
            }
        }
        return failed.isEmpty() ? records.size() : 0;
    }

    /** The Kinesis event Lambda's event source mapping would send with these records. */
    private ObjectNode event(DeadLetter.KinesisBatch batch, List<Record> records) {
        ObjectNode event = DeadLetter.JSON.createObjectNode();
        ArrayNode list = event.putArray("Records");
        String account = batch.streamArn().split(":")[4];
        for (Record record : records) {
            ObjectNode entry = list.addObject();
            ObjectNode kinesisRecord = entry.putObject("kinesis");
            kinesisRecord.put("kinesisSchemaVersion", "1.0");
            kinesisRecord.put("partitionKey", record.partitionKey());
            kinesisRecord.put("sequenceNumber", record.sequenceNumber());
            kinesisRecord.put(
                    "data", Base64.getEncoder().encodeToString(record.data().asByteArray()));
            kinesisRecord.put(
                    "approximateArrivalTimestamp",
                    record.approximateArrivalTimestamp().toEpochMilli() / 1000.0);
            entry.put("eventSource", "aws:kinesis");
            entry.put("eventVersion", "1.0");
            entry.put("eventID", batch.shardId() + ":" + record.sequenceNumber());
            entry.put("eventName", "aws:kinesis:record");
            entry.put("invokeIdentityArn", "arn:aws:iam::" + account + ":role/yubl-replay");
            entry.put("awsRegion", region);
            entry.put("eventSourceARN", batch.streamArn());
        }
        return event;
    }
}
