package io.yubl.middleware;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yubl.contracts.Contracts;
import io.yubl.runtime.Clients;
import io.yubl.runtime.Environment;
import io.yubl.runtime.Metrics;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.utils.Lazy;

/**
 * Dead letters on an SQS queue. Each is a JSON message: the function, the reason, when, where the record came from,
 * and the record itself; the correlation ids and the reason are also message attributes. A FIFO dead-letter queue
 * (the redrive queue of a FIFO queue must be one) gets each letter as a message of its own. Built from the
 * environment, its SQS client is built at the first letter: most functions never send one, and for those that call
 * SQS for nothing else, building it at init was their cold start's whole SQS client (its classes and its model).
 */
public final class SqsDeadLetters implements DeadLetters {
    private static final Logger LOG = LoggerFactory.getLogger(SqsDeadLetters.class);
    private static final int MAX_ATTRIBUTE = 1000;

    private final Lazy<SqsClient> sqs;
    private final String queueUrl;

    public SqsDeadLetters(SqsClient sqs, String queueUrl) {
        this(Lazy.withValue(sqs), queueUrl);
    }

    private SqsDeadLetters(Lazy<SqsClient> sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    /** The queue whose URL the named setting holds, with a client built the default way at the first letter. */
    public static SqsDeadLetters fromEnvironment(String queueUrlSetting) {
        return new SqsDeadLetters(
                new Lazy<>(() -> Clients.build(SqsClient.builder())), Environment.required(queueUrlSetting));
    }

    @Override
    public void send(String reason, Map<String, String> source, String data) {
        ObjectNode letter = Contracts.json().createObjectNode();
        letter.put("function", Environment.functionName());
        letter.put("reason", reason);
        letter.put("failedAt", Instant.now().toString());
        ObjectNode from = letter.putObject("source");
        source.forEach(from::put);
        letter.put("data", data);
        Map<String, MessageAttributeValue> attributes = SqsAttributes.correlation();
        attributes.put(
                "reason",
                SqsAttributes.text(
                        reason.length() <= MAX_ATTRIBUTE ? reason : reason.substring(0, MAX_ATTRIBUTE) + "…"));
        sqs.getValue().sendMessage(r -> {
            r.queueUrl(queueUrl).messageBody(letter.toString()).messageAttributes(attributes);
            if (queueUrl.endsWith(".fifo")) {
                // a FIFO queue's dead letters (its redrive queue must be FIFO too): each letter is its own message
                r.messageGroupId("dead-letters")
                        .messageDeduplicationId(UUID.randomUUID().toString());
            }
        });
        Metrics.count("DeadLetters", 1);
        LOG.atWarn()
                .addKeyValue("reason", reason)
                .addKeyValue("source", source)
                .log("record sent to the dead-letter queue");
    }
}
