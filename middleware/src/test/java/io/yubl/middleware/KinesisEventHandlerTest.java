package io.yubl.middleware;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.yubl.contracts.Contracts;
import io.yubl.contracts.CorrelationIds;
import io.yubl.contracts.EventEnvelope;
import io.yubl.contracts.UserJoined;
import io.yubl.contracts.YublDeleted;
import io.yubl.runtime.Correlation;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KinesisEventHandlerTest {
    private final List<EventEnvelope> processed = new ArrayList<>();
    private final List<String> deadLetters = new ArrayList<>();
    private final List<String> seenCorrelation = new ArrayList<>();

    /** Given a function that handles user-joined and fails on users named "Fail". */
    private final KinesisEventHandler handler = new KinesisEventHandler(
            EventRoutes.on(UserJoined.class, (joined, event) -> {
                seenCorrelation.add(Correlation.id());
                if (joined.firstName().equals("Fail")) {
                    throw new IllegalStateException("downstream said no");
                }
                processed.add(event);
            }),
            (reason, source, data) -> deadLetters.add(reason + " | " + source.get("sequenceNumber") + " | " + data)) {};

    @Test
    void handled_events_are_processed_with_their_correlation_ids_and_others_skipped() {
        EventEnvelope joined = joined("Ada", "c-1");
        EventEnvelope other = EventEnvelope.of(new YublDeleted("y1", "u1"), Map.of(CorrelationIds.HEADER, "c-2"));

        StreamsEventResponse response = handler.handleRequest(event(record("1", joined), record("2", other)), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(processed).containsExactly(joined);
        assertThat(seenCorrelation).containsExactly("c-1");
        assertThat(Correlation.ids()).as("nothing leaks past the invocation").isEmpty();
    }

    @Test
    void on_the_runtime_the_event_document_is_read_and_the_failures_written_as_lambda_reads_them() throws IOException {
        String failing = Base64.getEncoder().encodeToString(Contracts.encodeEvent(joined("Fail", "c-9")));
        String document = new String(
                        getClass()
                                .getResourceAsStream("/lambda-events/kinesis.json")
                                .readAllBytes(),
                        UTF_8)
                .replace("SGVsbG8sIHRoaXMgaXMgYSB0ZXN0Lg==", failing);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        handler.handleRequest(new ByteArrayInputStream(document.getBytes(UTF_8)), out, null);

        assertThat(seenCorrelation).containsExactly("c-9");
        assertThat(out.toString(UTF_8))
                .isEqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":"
                        + "\"49590338271490256608559692538361571095921575989136588898\"}]}");
    }

    @Test
    void a_poison_record_is_dead_lettered_with_the_reason_and_the_batch_goes_on() {
        EventEnvelope after = joined("Grace", "c-3");

        StreamsEventResponse response = handler.handleRequest(
                event(rawRecord("1", "{not json"), rawRecord("2", "{\"type\":\"user-joined\"}"), record("3", after)),
                null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(processed).containsExactly(after);
        assertThat(deadLetters).hasSize(2);
        assertThat(deadLetters.get(0))
                .contains("not valid JSON")
                .contains("| 1 |")
                .endsWith("{not json");
        assertThat(deadLetters.get(1)).contains("$.eventId").contains("| 2 |");
    }

    @Test
    void a_failed_record_and_every_record_after_it_are_reported_so_order_is_kept() {
        EventEnvelope before = joined("Ada", "c-4");
        EventEnvelope failing = joined("Fail", "c-5");
        EventEnvelope after = joined("Grace", "c-6");

        List<JsonNode> logs = Stdout.capture(() -> {
            StreamsEventResponse response =
                    handler.handleRequest(event(record("1", before), record("2", failing), record("3", after)), null);
            assertThat(response.getBatchItemFailures())
                    .extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                    .containsExactly("2", "3");
        });

        assertThat(processed).containsExactly(before);
        assertThat(logs).anySatisfy(line -> {
            assertThat(line.path("level").asText()).isEqualTo("ERROR");
            assertThat(line.path("x-correlation-id").asText()).isEqualTo("c-5");
            assertThat(line.path("error").asText()).contains("downstream said no");
        });
        assertThat(logs)
                .anySatisfy(line -> assertThat(line.path("_aws")
                                .path("CloudWatchMetrics")
                                .path(0)
                                .path("Namespace")
                                .asText())
                        .isEqualTo("yubl"));
    }

    @Test
    void a_dead_letter_queue_that_is_down_fails_the_poison_record_rather_than_losing_it() {
        KinesisEventHandler withBrokenQueue = new KinesisEventHandler(
                EventRoutes.on(UserJoined.class, (joined, event) -> processed.add(event)), (reason, source, data) -> {
                    throw new IllegalStateException("queue unavailable");
                }) {};

        StreamsEventResponse response =
                withBrokenQueue.handleRequest(event(rawRecord("7", "garbage"), record("8", joined("Ada", "c"))), null);

        assertThat(response.getBatchItemFailures())
                .extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("7", "8");
        assertThat(processed).isEmpty();
    }

    private static EventEnvelope joined(String firstName, String correlationId) {
        return EventEnvelope.of(
                new UserJoined("u-" + firstName, firstName.toLowerCase() + "x", firstName, "L"),
                Map.of(CorrelationIds.HEADER, correlationId));
    }

    private static KinesisEvent.KinesisEventRecord record(String sequenceNumber, EventEnvelope event) {
        return rawRecord(sequenceNumber, new String(Contracts.encodeEvent(event), UTF_8));
    }

    private static KinesisEvent.KinesisEventRecord rawRecord(String sequenceNumber, String data) {
        KinesisEvent.Record kinesis = new KinesisEvent.Record();
        kinesis.setSequenceNumber(sequenceNumber);
        kinesis.setPartitionKey("pk");
        kinesis.setData(ByteBuffer.wrap(data.getBytes(UTF_8)));
        KinesisEvent.KinesisEventRecord record = new KinesisEvent.KinesisEventRecord();
        record.setKinesis(kinesis);
        record.setEventSourceARN("arn:aws:kinesis:us-east-1:000000000000:stream/events");
        return record;
    }

    private static KinesisEvent event(KinesisEvent.KinesisEventRecord... records) {
        KinesisEvent event = new KinesisEvent();
        event.setRecords(List.of(records));
        return event;
    }
}
