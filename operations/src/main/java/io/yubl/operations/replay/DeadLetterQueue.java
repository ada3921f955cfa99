package io.yubl.operations.replay;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * A dead-letter queue read once through: each message is received once (held invisible while the replay works on
 * it), then deleted or kept. Kept messages are made visible again at the end, for the next replay or a person.
 */
final class DeadLetterQueue implements Iterable<Message> {
    /** Long enough for a whole replay run: a message received once is not received again by the same run. */
    private static final int HOLD_SECONDS = 900;

    private final SqsClient sqs;
    private final String url;
    private final List<Message> kept = new ArrayList<>();

    DeadLetterQueue(SqsClient sqs, String url) {
        this.sqs = sqs;
        this.url = url;
    }

    @Override
    public Iterator<Message> iterator() {
        return new Iterator<>() {
            private final List<Message> buffer = new ArrayList<>();
            private boolean drained;

            @Override
            public boolean hasNext() {
                if (buffer.isEmpty() && !drained) {
                    buffer.addAll(sqs.receiveMessage(r -> r.queueUrl(url)
                                    .maxNumberOfMessages(10)
                                    .waitTimeSeconds(1)
                                    .visibilityTimeout(HOLD_SECONDS)
                                    .messageAttributeNames("All")
                                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL))
                            .messages());
                    drained = buffer.isEmpty();
                }
                return !buffer.isEmpty();
            }

            @Override
            public Message next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return buffer.remove(0);
            }
        };
    }

    void delete(Message message) {
        sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(message.receiptHandle()));
    }

    void keep(Message message) {
        kept.add(message);
    }

    /** Makes the kept messages visible again. */
    void releaseKept() {
        for (int from = 0; from < kept.size(); from += 10) {
            List<Message> chunk = kept.subList(from, Math.min(kept.size(), from + 10));
            sqs.changeMessageVisibilityBatch(r -> r.queueUrl(url)
                    .entries(chunk.stream()
                            .map(m -> ChangeMessageVisibilityBatchRequestEntry.builder()
                                    .id(m.messageId())
                                    .receiptHandle(m.receiptHandle())
                                    .visibilityTimeout(0)
                                    .build())
                            .toList()));
        }
        kept.clear();
    }
}
