package io.yubl.middleware;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.yubl.contracts.ContractViolation;
import io.yubl.contracts.Contracts;
import io.yubl.contracts.CorrelationIds;
import io.yubl.runtime.Correlation;
import io.yubl.runtime.Metrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The middleware of every function fed by an SQS queue, including queues subscribed to SNS topics with envelope
 * delivery: the SNS envelope is opened and its message attributes give the correlation ids. A message that breaks
 * its contract goes to the dead-letter queue with the reason (and is deleted); a message whose processing fails is
 * reported in {@code batchItemFailures}, retried after its visibility timeout, and after too many receives the queue's
 * redrive policy moves it to the same dead-letter queue. Messages of one batch are independent (a standard queue
 * keeps no order), so they can be processed several at a time ({@code parallelism}), as Powertools' parallel batch
 * processing does.
 *
 * @param <T> the message type
 */
public abstract class SqsMessageHandler<T> implements RequestHandler<SQSEvent, SQSBatchResponse>, RequestStreamHandler {
    private static final Logger LOG = LoggerFactory.getLogger(SqsMessageHandler.class);

    @FunctionalInterface
    public interface MessageProcessor<T> {
        void process(T message) throws Exception;
    }

    private final Function<String, T> decoder;
    private final MessageProcessor<T> processor;
    private final DeadLetters deadLetters;
    private final ExecutorService workers;

    protected SqsMessageHandler(Function<String, T> decoder, MessageProcessor<T> processor, DeadLetters deadLetters) {
        this(decoder, processor, deadLetters, 1);
    }

    protected SqsMessageHandler(
            Function<String, T> decoder, MessageProcessor<T> processor, DeadLetters deadLetters, int parallelism) {
        this.decoder = decoder;
        this.processor = processor;
        this.deadLetters = deadLetters;
        Priming.fanout();
        this.workers = parallelism <= 1
                ? null
                : Executors.newFixedThreadPool(parallelism, r -> {
                    Thread t = new Thread(r, "sqs-message");
                    t.setDaemon(true);
                    return t;
                });
    }

    /** On the runtime: the event document read and the answer written by {@link LambdaEvents}. */
    @Override
    public final void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
        LambdaEvents.handle(in, out, context, SQSEvent.class, this::handleRequest);
    }

    @Override
    public final SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return Invocation.around(context, () -> {
            List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
            List<SQSEvent.SQSMessage> messages = event.getRecords() == null ? List.of() : event.getRecords();
            Metrics.put("BatchSize", messages.size(), Metrics.Unit.Count);
            List<Boolean> done = workers == null || messages.size() < 2
                    ? messages.stream().map(this::handle).toList()
                    : inParallel(messages);
            for (int i = 0; i < messages.size(); i++) {
                if (!done.get(i)) {
                    failures.add(new SQSBatchResponse.BatchItemFailure(
                            messages.get(i).getMessageId()));
                }
            }
            return new SQSBatchResponse(failures);
        });
    }

    /** Each message on a worker that carries the invocation's log context and metrics; a lost task is a failure. */
    private List<Boolean> inParallel(List<SQSEvent.SQSMessage> messages) {
        Map<String, String> context = MDC.getCopyOfContextMap();
        var scope = Metrics.scope();
        List<Future<Boolean>> tasks = new ArrayList<>(messages.size());
        for (SQSEvent.SQSMessage message : messages) {
            tasks.add(workers.submit(() -> {
                if (context != null) {
                    MDC.setContextMap(context);
                }
                try {
                    return Metrics.within(scope, () -> handle(message));
                } finally {
                    MDC.clear();
                }
            }));
        }
        List<Boolean> done = new ArrayList<>(messages.size());
        for (Future<Boolean> task : tasks) {
            try {
                done.add(task.get());
            } catch (ExecutionException e) {
                done.add(false);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                done.add(false);
            }
        }
        return done;
    }

    private boolean handle(SQSEvent.SQSMessage message) {
        Delivery delivery = Delivery.of(message);
        Correlation.begin(delivery.attributes());
        try {
            T decoded;
            try {
                decoded = decoder.apply(delivery.body());
            } catch (ContractViolation e) {
                Map<String, String> source = new LinkedHashMap<>();
                source.put("eventSourceARN", String.valueOf(message.getEventSourceArn()));
                source.put("messageId", message.getMessageId());
                deadLetters.send(e.getMessage(), source, delivery.body());
                return true;
            }
            long started = System.nanoTime();
            processor.process(decoded);
            Metrics.count("MessagesProcessed", 1);
            Metrics.add("ProcessingTime", (System.nanoTime() - started) / 1e6, Metrics.Unit.Milliseconds);
            if (delivery.sentAtMillis() > 0) {
                Metrics.put(
                        "MessageAge", System.currentTimeMillis() - delivery.sentAtMillis(), Metrics.Unit.Milliseconds);
            }
            return true;
        } catch (Exception e) {
            Metrics.count("MessagesFailed", 1);
            LOG.atError()
                    .setCause(e)
                    .addKeyValue("messageId", message.getMessageId())
                    .log("processing failed; the message will be retried");
            return false;
        } finally {
            Correlation.end();
        }
    }

    /** What was delivered: the SNS message inside an SNS envelope, or the SQS body itself; and its attributes. */
    record Delivery(String body, Map<String, String> attributes, long sentAtMillis) {
        static Delivery of(SQSEvent.SQSMessage message) {
            String raw = message.getBody() == null ? "" : message.getBody();
            Map<String, String> attributes = new LinkedHashMap<>();
            if (message.getMessageAttributes() != null) {
                message.getMessageAttributes().forEach((name, value) -> attributes.put(name, value.getStringValue()));
            }
            long sentAt = parseLong(
                    message.getAttributes() == null
                            ? null
                            : message.getAttributes().get("SentTimestamp"));
            try {
                JsonNode json = Contracts.json().readTree(raw.getBytes(UTF_8));
                if (json != null && "Notification".equals(json.path("Type").asText()) && json.has("Message")) {
                    json.path("MessageAttributes")
                            .fields()
                            .forEachRemaining(a -> attributes.put(
                                    a.getKey(), a.getValue().path("Value").asText()));
                    return new Delivery(json.get("Message").asText(), onlyCorrelation(attributes), sentAt);
                }
            } catch (IOException | RuntimeException notJson) {
                // not an SNS envelope: the body is the message
            }
            return new Delivery(raw, onlyCorrelation(attributes), sentAt);
        }

        private static Map<String, String> onlyCorrelation(Map<String, String> attributes) {
            Map<String, String> ids = new LinkedHashMap<>();
            attributes.forEach((k, v) -> {
                if (k.startsWith(CorrelationIds.PREFIX) && v != null) {
                    ids.put(k, v);
                }
            });
            return ids;
        }

        private static long parseLong(String value) {
            try {
                return value == null ? 0 : Long.parseLong(value);
            } catch (NumberFormatException e) {
                return 0;
            }
        }
    }
}
