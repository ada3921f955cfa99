package io.yubl.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yubl.contracts.Contracts;
import io.yubl.contracts.FeedFanoutMessage;
import io.yubl.runtime.Correlation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqsMessageHandlerTest {
    private final List<FeedFanoutMessage> processed = new ArrayList<>();
    private final List<String> correlationIds = new ArrayList<>();
    private final List<String> deadLetters = new ArrayList<>();

    private final SqsMessageHandler<FeedFanoutMessage> handler = new SqsMessageHandler<>(
            Contracts::decodeFanout,
            message -> {
                correlationIds.add(Correlation.id());
                if (message.yublId().equals("y-fail")) {
                    throw new IllegalStateException("throttled");
                }
                processed.add(message);
            },
            (reason, source, data) -> deadLetters.add(source.get("messageId") + ": " + reason)) {};

    @Test
    void the_sns_envelope_is_opened_and_its_attributes_give_the_correlation_id() {
        FeedFanoutMessage message =
                new FeedFanoutMessage("y-1", "u-1", Instant.parse("2026-11-22T10:00:00Z"), List.of("u-2", "u-3"));

        SQSBatchResponse response = handler.handleRequest(
                event(sqs("m-1", snsEnvelope(Contracts.encodeFanout(message), "corr-sns"))), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(processed).containsExactly(message);
        assertThat(correlationIds).containsExactly("corr-sns");
    }

    @Test
    void a_message_breaking_its_contract_is_dead_lettered_and_a_failing_one_is_retried() {
        String failing = Contracts.encodeFanout(new FeedFanoutMessage("y-fail", "u-1", Instant.EPOCH, List.of("u-2")));

        SQSBatchResponse response = handler.handleRequest(
                event(sqs("m-1", snsEnvelope("{\"yublId\":\"y-1\"}", "c")), sqs("m-2", snsEnvelope(failing, "c"))),
                null);

        assertThat(deadLetters).singleElement().asString().startsWith("m-1: ").contains("$.authorId");
        assertThat(response.getBatchItemFailures())
                .extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("m-2");
    }

    private static String snsEnvelope(String message, String correlationId) {
        ObjectNode envelope = Contracts.json().createObjectNode();
        envelope.put("Type", "Notification");
        envelope.put("MessageId", "sns-1");
        envelope.put("Message", message);
        envelope.putObject("MessageAttributes")
                .putObject("x-correlation-id")
                .put("Type", "String")
                .put("Value", correlationId);
        return envelope.toString();
    }

    private static SQSEvent.SQSMessage sqs(String id, String body) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(id);
        message.setBody(body);
        message.setEventSourceArn("arn:aws:sqs:us-east-1:000000000000:add-to-feed");
        return message;
    }

    private static SQSEvent event(SQSEvent.SQSMessage... messages) {
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(messages));
        return event;
    }
}
