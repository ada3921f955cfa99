package io.yubl.processors.distribute;

import io.yubl.contracts.Chunks;
import io.yubl.contracts.Contracts;
import io.yubl.contracts.FeedFanoutMessage;
import io.yubl.contracts.RetryPolicy;
import io.yubl.runtime.Correlation;
import io.yubl.runtime.Metrics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;

/**
 * Publishes fan-out messages to the feed-fanout topic with PublishBatch (at most 10 entries and 256 KiB in all a call,
 * as SNS allows), the correlation ids as message attributes. Failed entries are retried with backoff; after bounded
 * retries it throws, and the yubl-posted record is retried (add-to-feed is idempotent, so messages that did go out do
 * no harm the second time).
 */
public final class FanoutPublisher {
    public static final int MAX_PER_CALL = 10;
    /** SNS's limit on a PublishBatch call: its messages and their attributes together. */
    static final int MAX_BYTES_PER_CALL = 256 * 1024;

    private final SnsClient sns;
    private final String topicArn;
    private final RetryPolicy retryPolicy;

    public FanoutPublisher(SnsClient sns, String topicArn, RetryPolicy retryPolicy) {
        this.sns = sns;
        this.topicArn = topicArn;
        this.retryPolicy = retryPolicy;
    }

    public void publish(List<FeedFanoutMessage> messages) {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        Correlation.ids()
                .forEach((k, v) -> attributes.put(
                        k,
                        MessageAttributeValue.builder()
                                .dataType("String")
                                .stringValue(v)
                                .build()));
        List<PublishBatchRequestEntry> entries = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            entries.add(PublishBatchRequestEntry.builder()
                    .id("m" + i)
                    .message(Contracts.encodeFanout(messages.get(i)))
                    .messageAttributes(attributes)
                    .build());
        }
        calls(entries).forEach(this::send);
        Metrics.count("FanoutMessages", messages.size());
    }

    /**
     * The entries cut into consecutive PublishBatch calls, each as full as SNS allows: at most {@link #MAX_PER_CALL}
     * entries and {@link #MAX_BYTES_PER_CALL} in all, counted as SNS counts a message (its body, and each attribute's
     * name, type and value). A batch of 1,000 follower ids of 64 characters is about 68 KB, so ten of them would not
     * fit in one call.
     */
    static List<List<PublishBatchRequestEntry>> calls(List<PublishBatchRequestEntry> entries) {
        return Chunks.of(entries, MAX_PER_CALL, FanoutPublisher::size, MAX_BYTES_PER_CALL);
    }

    private static long size(PublishBatchRequestEntry entry) {
        long size = utf8(entry.message());
        for (Map.Entry<String, MessageAttributeValue> attribute :
                entry.messageAttributes().entrySet()) {
            size += utf8(attribute.getKey())
                    + utf8(attribute.getValue().dataType())
                    + utf8(attribute.getValue().stringValue());
        }
        return size;
    }

    private static long utf8(String s) {
        return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** One PublishBatch call, and again for the entries it failed while they are worth retrying. */
    private void send(List<PublishBatchRequestEntry> chunk) {
        retryPolicy.untilDone(chunk, List::isEmpty, (pending, attempt) -> {
            PublishBatchResponse response =
                    sns.publishBatch(r -> r.topicArn(topicArn).publishBatchRequestEntries(pending));
            if (!response.hasFailed() || response.failed().isEmpty()) {
                return List.of();
            }
            Set<String> failedIds = response.failed().stream().map(f -> f.id()).collect(Collectors.toSet());
            boolean permanent = response.failed().stream().anyMatch(f -> Boolean.TRUE.equals(f.senderFault()));
            if (permanent || attempt >= retryPolicy.maxAttempts()) {
                String reasons = response.failed().stream()
                        .map(f -> f.code() + ": " + f.message())
                        .distinct()
                        .collect(Collectors.joining("; "));
                throw new IllegalStateException(failedIds.size() + " fan-out messages not published after " + attempt
                        + " attempts: " + reasons);
            }
            Metrics.count("FanoutMessagesRetried", failedIds.size());
            return pending.stream().filter(e -> failedIds.contains(e.id())).toList();
        });
    }
}
