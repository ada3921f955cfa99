package io.yubl.middleware;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.yubl.contracts.ContractViolation;
import io.yubl.contracts.Contracts;
import io.yubl.contracts.EventEnvelope;
import io.yubl.runtime.Correlation;
import io.yubl.runtime.Metrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The middleware of every function fed by the events stream. Per record: decode and validate the envelope, take its
 * correlation ids, and hand the event to the plain Java its type is routed to ({@link EventRoutes}; other types are
 * skipped). A record that breaks its contract goes to the dead-letter queue with the reason and the batch goes on. A
 * record whose processing fails is reported in {@code batchItemFailures}, and so is every record after it: the stream
 * is retried from the first failure, so a partition key's events are never applied out of order. Every delivery is at
 * least once, so processors must be idempotent.
 */
public abstract class KinesisEventHandler
        implements RequestHandler<KinesisEvent, StreamsEventResponse>, RequestStreamHandler {
    private static final Logger LOG = LoggerFactory.getLogger(KinesisEventHandler.class);

    private final EventRoutes routes;
    private final DeadLetters deadLetters;

    protected KinesisEventHandler(EventRoutes routes, DeadLetters deadLetters) {
        this.routes = routes;
        this.deadLetters = deadLetters;
        Priming.events(routes.types());
    }

    /** On the runtime: the event document read and the answer written by {@link LambdaEvents}. */
    @Override
    public final void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
        LambdaEvents.handle(in, out, context, KinesisEvent.class, this::handleRequest);
    }

    @Override
    public final StreamsEventResponse handleRequest(KinesisEvent event, Context context) {
        return Invocation.around(context, () -> handleBatch(event));
    }

    private StreamsEventResponse handleBatch(KinesisEvent event) {
        long started = System.nanoTime();
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
        try {
            List<KinesisEvent.KinesisEventRecord> records = event.getRecords() == null ? List.of() : event.getRecords();
            Metrics.put("BatchSize", records.size(), Metrics.Unit.Count);
            for (KinesisEvent.KinesisEventRecord record : records) {
                String sequenceNumber = record.getKinesis().getSequenceNumber();
                if (!failures.isEmpty()) {
                    failures.add(new StreamsEventResponse.BatchItemFailure(sequenceNumber));
                } else if (!handle(record)) {
                    failures.add(new StreamsEventResponse.BatchItemFailure(sequenceNumber));
                }
            }
            if (!failures.isEmpty()) {
                Metrics.count("RecordsRetried", failures.size());
            }
            return new StreamsEventResponse(failures);
        } finally {
            Metrics.milliseconds("BatchDuration", (System.nanoTime() - started) / 1e6);
        }
    }

    /** True when the record is done with (processed, skipped or dead-lettered); false when it must be retried. */
    private boolean handle(KinesisEvent.KinesisEventRecord record) {
        byte[] data = RecordData.bytes(record.getKinesis().getData());
        EventEnvelope event;
        try {
            event = Contracts.decodeEvent(data);
        } catch (ContractViolation e) {
            Correlation.begin(Map.of());
            return deadLetter(record, data, e.getMessage());
        }
        Correlation.begin(event.correlation());
        try {
            long started = System.nanoTime();
            if (!routes.process(event)) {
                Metrics.count("EventsSkipped", 1);
                return true;
            }
            Metrics.count("EventsProcessed", 1);
            Metrics.add("ProcessingTime", (System.nanoTime() - started) / 1e6, Metrics.Unit.Milliseconds);
            Metrics.put(
                    "EventAge",
                    Duration.between(event.occurredAt(), Instant.now()).toMillis(),
                    Metrics.Unit.Milliseconds);
            LOG.atDebug()
                    .addKeyValue("eventId", event.eventId())
                    .addKeyValue("type", event.type().wireName())
                    .log("processed");
            return true;
        } catch (Exception e) {
            Metrics.count("EventsFailed", 1);
            LOG.atError()
                    .setCause(e)
                    .addKeyValue("eventId", event.eventId())
                    .addKeyValue("type", event.type().wireName())
                    .addKeyValue("sequenceNumber", record.getKinesis().getSequenceNumber())
                    .log("processing failed; the record will be retried");
            return false;
        } finally {
            Correlation.end();
        }
    }

    private boolean deadLetter(KinesisEvent.KinesisEventRecord record, byte[] data, String reason) {
        Map<String, String> source = new LinkedHashMap<>();
        source.put("eventSourceARN", String.valueOf(record.getEventSourceARN()));
        source.put("partitionKey", record.getKinesis().getPartitionKey());
        source.put("sequenceNumber", record.getKinesis().getSequenceNumber());
        try {
            deadLetters.send(reason, source, RecordData.printable(data));
            return true;
        } catch (RuntimeException e) {
            LOG.atError()
                    .setCause(e)
                    .log("could not send a poison record to the dead-letter queue; it will be retried");
            return false;
        } finally {
            Correlation.end();
        }
    }
}
