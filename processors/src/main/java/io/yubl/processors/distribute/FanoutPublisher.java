package io.yubl.processors.distribute;

import io.yubl.contracts.Chunks;
import io.yubl.contracts.Contracts;
import io.yubl.contracts.FeedFanoutMessage;
import io.yubl.contracts.RetryPolicy;
import io.yubl.runtime.Correlation;
import io.yubl.runtime.Metrics;
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
 * Publishes fan-out messages to the feed-fanout topic with PublishBatch (at most 10 a call), the correlation ids as
 * message attributes. Failed entries are retried with backoff; after bounded retries it throws, and the yubl-posted
 * record is retried (add-to-feed is idempotent, so messages that did go out do no harm the second time).
 */
public final class FanoutPublisher {
    public static final int MAX_PER_CALL = 10;

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
        Chunks.of(entries, MAX_PER_CALL).forEach(this::send);
        Metrics.count("FanoutMessages", messages.size());
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
