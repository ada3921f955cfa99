package io.yubl.producers;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.yubl.contracts.ContractViolation;
import io.yubl.contracts.Contracts;
import io.yubl.contracts.EventEnvelope;
import io.yubl.contracts.Problem;
import io.yubl.contracts.RetryPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * Puts domain events on the events stream: the library the legacy monolith calls.
 * <ul>
 *   <li>Validates every event against its contract before sending anything: an invalid or oversize event is refused
 *       with an {@link InvalidEventsException} that names the problem, and nothing is published.</li>
 *   <li>Batches into PutRecords requests of at most 500 records and 5 MiB.</li>
 *   <li>Retries only the records that failed with a transient error (throttling, internal failure), with capped
 *       exponential backoff and jitter.</li>
 *   <li>Keeps per-partition-key order through retries (see {@link PartitionQueues}).</li>
 *   <li>Reports, per event, what could not be published after bounded retries: nothing is dropped silently.</li>
 * </ul>
 * Thread-safe; build one per stream and share it. Its only dependencies are the contracts, the Kinesis client and
 * SLF4J's API (it logs through whatever backend the application has); counts for metrics are in each
 * {@link PublishResult}.
 */
public final class EventPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);
    private static final Set<String> TRANSIENT_RECORD_ERRORS =
            Set.of("ProvisionedThroughputExceededException", "InternalFailure", "KMSThrottlingException");

    private final KinesisClient kinesis;
    private final String streamName;
    private final RetryPolicy retryPolicy;

    public EventPublisher(KinesisClient kinesis, String streamName, RetryPolicy retryPolicy) {
        this.kinesis = kinesis;
        this.streamName = streamName;
        this.retryPolicy = retryPolicy;
    }

    public String streamName() {
        return streamName;
    }

    /** Publishes one event; throws {@link PublishException} if it could not be put on the stream. */
    public PublishResult.Published publish(EventEnvelope event) {
        return publish(List.of(event)).orThrow().published().get(0);
    }

    /**
     * Publishes these events, in order per partition key. Returns what happened to each; check
     * {@link PublishResult#complete()} or call {@link PublishResult#orThrow()}.
     *
     * @throws InvalidEventsException if any event is invalid or too large; then nothing is sent
     */
    public PublishResult publish(List<EventEnvelope> events) {
        return send(encodeAll(events));
    }

    /** The event as it will be sent, after checking it against its contract (for the buffered publisher). */
    Pending encode(EventEnvelope event) {
        return encodeAll(List.of(event)).get(0);
    }

    /** Sends encoded events, in order per partition key, and reports what happened to each. */
    PublishResult send(List<Pending> pending) {
        List<PublishResult.Published> published = new ArrayList<>(pending.size());
        List<PublishResult.Unpublished> unpublished = new ArrayList<>();
        PartitionQueues<Pending> queues = new PartitionQueues<>(pending, Pending::partitionKey);
        int retries = 0;
        while (!queues.isEmpty()) {
            Round round = sendWithRetries(queues.nextRound());
            published.addAll(round.published());
            retries += round.retries();
            for (Pending failed : round.failed()) {
                unpublished.add(failed.unpublished());
                for (Pending held : queues.withholdRest(failed.partitionKey())) {
                    unpublished.add(new PublishResult.Unpublished(
                            held.event,
                            "Withheld",
                            "not sent, to keep order: event " + failed.event.eventId()
                                    + " before it under the same partition key could not be published",
                            0));
                }
            }
        }
        if (!unpublished.isEmpty()) {
            LOG.warn(
                    "{} of {} events not published to {}: first {}",
                    unpublished.size(),
                    pending.size(),
                    streamName,
                    unpublished.get(0));
        }
        return new PublishResult(published, unpublished, retries);
    }

    private List<Pending> encodeAll(List<EventEnvelope> events) {
        List<Pending> pending = new ArrayList<>(events.size());
        List<InvalidEventsException.Rejection> rejections = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            EventEnvelope event = events.get(i);
            try {
                Pending p = new Pending(event, Contracts.encodeEvent(event));
                if (p.size() > RecordBatches.MAX_RECORD_BYTES) {
                    rejections.add(new InvalidEventsException.Rejection(
                            i,
                            event.eventId(),
                            List.of(new Problem(
                                    "$",
                                    "is " + p.size() + " bytes with its partition key; a Kinesis record holds at most "
                                            + RecordBatches.MAX_RECORD_BYTES))));
                }
                pending.add(p);
            } catch (ContractViolation e) {
                rejections.add(new InvalidEventsException.Rejection(i, event.eventId(), e.problems()));
            }
        }
        if (!rejections.isEmpty()) {
            throw new InvalidEventsException(rejections);
        }
        return pending;
    }

    /**
     * What one attempt's PutRecords calls came to: records published, to try again (a transient error), failed
     * for good.
     */
    private record Sent(List<PublishResult.Published> published, List<Pending> retry, List<Pending> failed) {
        static Sent of(List<Sent> calls) {
            return new Sent(
                    calls.stream().flatMap(c -> c.published().stream()).toList(),
                    calls.stream().flatMap(c -> c.retry().stream()).toList(),
                    calls.stream().flatMap(c -> c.failed().stream()).toList());
        }

        int records() {
            return published.size() + retry.size() + failed.size();
        }
    }

    /** What a round came to after its retries: records published, failed for good, and how many were sent again. */
    private record Round(List<PublishResult.Published> published, List<Pending> failed, int retries) {}

    /**
     * Sends one round (distinct keys), retrying transient failures with backoff; what is still failing after the last
     * attempt has failed for good.
     */
    private Round sendWithRetries(List<Pending> round) {
        List<Sent> attempts = new ArrayList<>();
        RetryPolicy.Retried<List<Pending>> outcome = retryPolicy.untilDone(round, List::isEmpty, (toSend, attempt) -> {
            if (attempt > 1) {
                LOG.debug("{} records to retry (attempt {})", toSend.size(), attempt);
            }
            Sent sent = Sent.of(RecordBatches.split(toSend, Pending::size).stream()
                    .map(batch -> send(batch, attempt))
                    .toList());
            attempts.add(sent);
            return sent.retry();
        });
        List<Pending> failed = new ArrayList<>();
        attempts.forEach(a -> failed.addAll(a.failed()));
        for (Pending p : outcome.left()) {
            p.reason = "gave up after " + outcome.attempts() + " attempts; last error: " + p.reason;
            failed.add(p);
        }
        return new Round(
                attempts.stream().flatMap(a -> a.published().stream()).toList(),
                failed,
                attempts.stream().skip(1).mapToInt(Sent::records).sum());
    }

    /** One PutRecords call. */
    private Sent send(List<Pending> batch, int attempt) {
        PutRecordsResponse response;
        try {
            response = kinesis.putRecords(r -> r.streamName(streamName)
                    .records(batch.stream().map(Pending::entry).toList()));
        } catch (KinesisException e) {
            boolean transientError = e.isThrottlingException() || e.statusCode() >= 500 || e.retryable();
            for (Pending p : batch) {
                p.failed(
                        attempt,
                        e.awsErrorDetails() == null
                                ? "KinesisException"
                                : e.awsErrorDetails().errorCode(),
                        e.getMessage());
            }
            return transientError ? new Sent(List.of(), batch, List.of()) : new Sent(List.of(), List.of(), batch);
        } catch (SdkClientException e) {
            for (Pending p : batch) {
                p.failed(attempt, "ClientError", e.getMessage());
            }
            return new Sent(List.of(), batch, List.of());
        }
        List<PublishResult.Published> published = new ArrayList<>();
        List<Pending> retry = new ArrayList<>();
        List<Pending> failed = new ArrayList<>();
        List<PutRecordsResultEntry> results = response.records();
        for (int i = 0; i < batch.size(); i++) {
            Pending p = batch.get(i);
            PutRecordsResultEntry result = results.get(i);
            if (result.errorCode() == null) {
                published.add(new PublishResult.Published(p.event, result.shardId(), result.sequenceNumber()));
            } else {
                p.failed(attempt, result.errorCode(), result.errorMessage());
                (TRANSIENT_RECORD_ERRORS.contains(result.errorCode()) ? retry : failed).add(p);
            }
        }
        return new Sent(published, retry, failed);
    }

    /** An event on its way: its encoded record and, once it has failed, the last error. */
    static final class Pending {
        final EventEnvelope event;
        final PutRecordsRequestEntry entry;
        final int size;
        int attempts;
        String errorCode;
        String reason;

        Pending(EventEnvelope event, byte[] data) {
            this.event = event;
            this.entry = PutRecordsRequestEntry.builder()
                    .partitionKey(event.partitionKey())
                    .data(SdkBytes.fromByteArrayUnsafe(data))
                    .build();
            this.size = data.length + event.partitionKey().getBytes(UTF_8).length;
        }

        String partitionKey() {
            return entry.partitionKey();
        }

        int size() {
            return size;
        }

        PutRecordsRequestEntry entry() {
            return entry;
        }

        void failed(int attempt, String code, String message) {
            attempts = attempt;
            errorCode = code;
            reason = message;
        }

        PublishResult.Unpublished unpublished() {
            return new PublishResult.Unpublished(event, errorCode, reason, attempts);
        }
    }
}
