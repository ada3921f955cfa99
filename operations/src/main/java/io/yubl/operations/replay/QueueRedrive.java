package io.yubl.operations.replay;

import java.io.PrintStream;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Sends the messages a queue's redrive policy moved to its dead-letter queue back to the queue, where its function
 * takes them again (every function is idempotent, so a message redriven twice does no harm). A FIFO queue's messages
 * keep their message group, and get the dead letter's id as their deduplication id, so a redrive repeated within five
 * minutes sends each once. Letters that handlers sent for messages breaking their contract are skipped and stay.
 * Works the same on AWS and on the local cloud's SQS (which has no StartMessageMoveTask).
 */
public final class QueueRedrive {
    private final SqsClient sqs;
    private final PrintStream out;

    public QueueRedrive(SqsClient sqs, PrintStream out) {
        this.sqs = sqs;
        this.out = out;
    }

    public ReplayReport redrive(String what, String deadLetterQueueUrl, String queueUrl) {
        ReplayReport report = new ReplayReport(what, 0, 0, 0, 0);
        DeadLetterQueue queue = new DeadLetterQueue(sqs, deadLetterQueueUrl);
        boolean fifo = queueUrl.endsWith(".fifo");
        for (Message message : queue) {
            if (DeadLetter.of(message.body()) instanceof DeadLetter.Refused refused) {
                out.printf("  skipped a message %s refused: %s%n", refused.function(), refused.reason());
                queue.keep(message);
                report = report.plus(new ReplayReport(what, 0, 1, 0, 0));
                continue;
            }
            Map<String, MessageAttributeValue> attributes = message.messageAttributes();
            sqs.sendMessage(r -> {
                r.queueUrl(queueUrl).messageBody(message.body()).messageAttributes(attributes);
                if (fifo) {
                    r.messageGroupId(message.attributes()
                                    .getOrDefault(MessageSystemAttributeName.MESSAGE_GROUP_ID, "redriven"))
                            .messageDeduplicationId(message.messageId());
                }
            });
            queue.delete(message);
            report = report.plus(new ReplayReport(what, 1, 0, 0, 0));
        }
        queue.releaseKept();
        return report;
    }
}
