package io.yubl.localcloud;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.yubl.contracts.Chunks;
import io.yubl.localcloud.client.LocalEndpoints;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * An SQS event source, as Lambda runs one: long-polls the queue, hands each batch to the function as an SQSEvent,
 * deletes what succeeded and leaves what failed (all of it if the function threw) to come back: after a backoff that
 * grows with its receive count (a visibility change; Lambda waits out the whole visibility timeout), and to the
 * queue's dead-letter queue once the redrive policy's receive count is reached.
 * <p>
 * A batch is held invisible for {@value #IN_FLIGHT_VISIBILITY_SECONDS} s at a time, extended while the function runs
 * (Lambda's pollers use the queue's visibility timeout): so when the host itself is killed, which Lambda's pollers
 * never are, the batches it held come back within seconds rather than after the queue's six minutes.
 */
final class SqsSource implements AutoCloseable {
    static final int IN_FLIGHT_VISIBILITY_SECONDS = 10;
    private static final ScheduledExecutorService HEARTBEATS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sqs-heartbeat");
        t.setDaemon(true);
        return t;
    });

    private final LambdaFunction function;
    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final int batchSize;
    private final List<Thread> pollers = new ArrayList<>();
    private volatile boolean running = true;

    /** @param concurrency how many batches at once: the mapping's MaximumConcurrency, as far as this machine goes */
    SqsSource(LambdaFunction function, SqsClient sqs, String queueArn, int batchSize, int concurrency) {
        this.function = function;
        this.sqs = sqs;
        this.queueArn = queueArn;
        this.queueUrl = sqs.getQueueUrl(r -> r.queueName(queueArn.substring(queueArn.lastIndexOf(':') + 1)))
                .queueUrl();
        this.batchSize = Math.min(10, Math.max(1, batchSize));
        for (int i = 0; i < Math.max(1, concurrency); i++) {
            Thread poller = new Thread(this::poll, "sqs-" + function.name() + "-" + i);
            poller.setDaemon(true);
            pollers.add(poller);
        }
    }

    void start() {
        pollers.forEach(Thread::start);
    }

    String describe() {
        return "SQS " + queueArn.substring(queueArn.lastIndexOf(':') + 1) + " -> " + function.name() + " (batch "
                + batchSize + ", concurrency " + pollers.size() + ")";
    }

    private void poll() {
        while (running) {
            try {
                List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl)
                                .maxNumberOfMessages(batchSize)
                                .waitTimeSeconds(1)
                                .visibilityTimeout(IN_FLIGHT_VISIBILITY_SECONDS)
                                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                                .messageAttributeNames("All"))
                        .messages();
                if (!messages.isEmpty()) {
                    deliver(messages);
                }
            } catch (RuntimeException e) {
                if (running) {
                    System.err.println("[host] " + describe() + ": " + e);
                    pause(1000);
                }
            }
        }
    }

    private void deliver(List<Message> messages) {
        Set<String> failed = new HashSet<>();
        ScheduledFuture<?> heartbeat = HEARTBEATS.scheduleAtFixedRate(
                () -> holdInvisible(messages),
                IN_FLIGHT_VISIBILITY_SECONDS / 2,
                IN_FLIGHT_VISIBILITY_SECONDS / 2,
                TimeUnit.SECONDS);
        try {
            SQSBatchResponse response = function.invoke(event(messages), SQSBatchResponse.class);
            if (response != null && response.getBatchItemFailures() != null) {
                response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
            }
        } catch (RuntimeException | Error e) {
            System.err.println("[host] " + function.name() + " threw on a batch of " + messages.size() + ": " + e);
            messages.forEach(m -> failed.add(m.messageId()));
        } finally {
            heartbeat.cancel(false);
        }
        List<Message> done =
                messages.stream().filter(m -> !failed.contains(m.messageId())).toList();
        for (List<Message> chunk : Chunks.of(done, 10)) {
            sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl)
                    .entries(chunk.stream()
                            .map(m -> DeleteMessageBatchRequestEntry.builder()
                                    .id(m.messageId())
                                    .receiptHandle(m.receiptHandle())
                                    .build())
                            .toList()));
        }
        for (Message m : messages) {
            if (failed.contains(m.messageId())) {
                int receives = Integer.parseInt(
                        m.attributes().getOrDefault(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1"));
                int backoff = Math.min(30, 1 << Math.min(receives, 5));
                sqs.changeMessageVisibility(r ->
                        r.queueUrl(queueUrl).receiptHandle(m.receiptHandle()).visibilityTimeout(backoff));
            }
        }
    }

    private void holdInvisible(List<Message> messages) {
        try {
            sqs.changeMessageVisibilityBatch(r -> r.queueUrl(queueUrl)
                    .entries(messages.stream()
                            .map(m -> ChangeMessageVisibilityBatchRequestEntry.builder()
                                    .id(m.messageId())
                                    .receiptHandle(m.receiptHandle())
                                    .visibilityTimeout(IN_FLIGHT_VISIBILITY_SECONDS)
                                    .build())
                            .toList()));
        } catch (RuntimeException e) {
            System.err.println("[host] " + describe() + ": cannot extend the batch's visibility: " + e);
        }
    }

    private SQSEvent event(List<Message> messages) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>(messages.size());
        for (Message m : messages) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(m.messageId());
            record.setReceiptHandle(m.receiptHandle());
            record.setBody(m.body());
            record.setMd5OfBody(m.md5OfBody());
            record.setEventSource("aws:sqs");
            record.setEventSourceArn(queueArn);
            record.setAwsRegion(LocalEndpoints.REGION);
            Map<String, String> attributes = new HashMap<>();
            m.attributes().forEach((k, v) -> attributes.put(k.toString(), v));
            record.setAttributes(attributes);
            Map<String, SQSEvent.MessageAttribute> messageAttributes = new HashMap<>();
            m.messageAttributes().forEach((k, v) -> {
                SQSEvent.MessageAttribute a = new SQSEvent.MessageAttribute();
                a.setDataType(v.dataType());
                a.setStringValue(v.stringValue());
                messageAttributes.put(k, a);
            });
            record.setMessageAttributes(messageAttributes);
            records.add(record);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    @Override
    public void close() {
        running = false;
        pollers.forEach(Thread::interrupt);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
