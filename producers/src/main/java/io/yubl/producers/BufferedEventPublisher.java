package io.yubl.producers;

import io.yubl.contracts.EventEnvelope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A publisher for a busy monolith's request threads: {@link #publish} checks the event against its contract on the
 * caller's thread (an invalid event throws {@link InvalidEventsException} there and then) and puts it in a bounded
 * buffer; one background thread sends the buffer through {@link EventPublisher} when it holds
 * {@link Settings#batchSize()} events or {@link Settings#flushInterval()} after the oldest arrived, whichever is first.
 *
 * <ul>
 *   <li><b>Backpressure: block, then reject.</b> When the buffer is full, {@code publish} waits up to
 *       {@link Settings#offerTimeout()} for room, then throws {@link BufferFullException}. A short wait absorbs a
 *       burst without failing anyone; the bound keeps a request thread from hanging behind a stream that cannot keep
 *       up, and the exception is the monolith's cue to answer 503 rather than lose the event in silence.</li>
 *   <li><b>Per-key order.</b> One thread sends the batches one after another, and each batch keeps per-key order
 *       (see {@link EventPublisher}), so the events of a key reach the stream in the order they were published.</li>
 *   <li><b>Nothing dropped in silence.</b> Every event accepted is either put on the stream or handed to the failure
 *       handler ({@code onUnpublished}: by default an ERROR log line naming the event), after the publisher's
 *       bounded retries.</li>
 *   <li><b>Graceful shutdown.</b> {@link #flush()} returns once everything published before it is sent (or handed
 *       to the failure handler); {@link #close()} refuses new events, then does the same and stops the thread.</li>
 * </ul>
 */
public final class BufferedEventPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BufferedEventPublisher.class);

    private final EventPublisher publisher;
    private final Settings settings;
    private final Consumer<PublishResult.Unpublished> onUnpublished;
    private final BlockingQueue<EventPublisher.Pending> buffer;
    private final Thread sender;
    private static final long FLUSH_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final Object progress = new Object();
    private long accepted;
    private long done;
    private final ReadWriteLock admission = new ReentrantReadWriteLock();
    private boolean closed;
    private volatile boolean stopping;
    private volatile long flushWanted;
    private long sent;
    private long handedOver;

    /**
     * @param batchSize     events per send, at most (the stream takes 500 a request)
     * @param flushInterval how long the oldest buffered event waits for a full batch
     * @param capacity      events the buffer holds before {@code publish} waits
     * @param offerTimeout  how long {@code publish} waits for room before it throws {@link BufferFullException}
     */
    public record Settings(int batchSize, Duration flushInterval, int capacity, Duration offerTimeout) {
        public static final Settings DEFAULT = new Settings(500, Duration.ofMillis(50), 10_000, Duration.ofMillis(500));

        public Settings {
            if (batchSize < 1 || capacity < batchSize) {
                throw new IllegalArgumentException(
                        "need 1 <= batchSize <= capacity, were " + batchSize + " and " + capacity);
            }
            if (flushInterval.toMillis() < 1 || offerTimeout.isNegative()) {
                throw new IllegalArgumentException("need flushInterval >= 1 ms and offerTimeout >= 0, were "
                        + flushInterval + " and " + offerTimeout);
            }
        }
    }

    public BufferedEventPublisher(EventPublisher publisher, Settings settings) {
        this(
                publisher,
                settings,
                unpublished -> LOG.error(
                        "event {} of type {} (key {}) not published: {} {}",
                        unpublished.event().eventId(),
                        unpublished.event().type().wireName(),
                        unpublished.event().partitionKey(),
                        unpublished.errorCode(),
                        unpublished.reason()));
    }

    public BufferedEventPublisher(
            EventPublisher publisher, Settings settings, Consumer<PublishResult.Unpublished> onUnpublished) {
        this.publisher = publisher;
        this.settings = settings;
        this.onUnpublished = onUnpublished;
        this.buffer = new LinkedBlockingQueue<>(settings.capacity());
        this.sender = new Thread(this::sendUntilStopped, "buffered-event-publisher-" + publisher.streamName());
        sender.setDaemon(true);
        sender.start();
    }

    /**
     * Buffers the event for sending.
     *
     * @throws InvalidEventsException if the event breaks its contract or is too large (nothing is buffered)
     * @throws BufferFullException    if the buffer stayed full for {@link Settings#offerTimeout()}
     * @throws IllegalStateException  once closed
     */
    public void publish(EventEnvelope event) {
        EventPublisher.Pending pending = publisher.encode(event);
        admission.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("this publisher is closed");
            }
            if (!buffer.offer(pending, settings.offerTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
                throw new BufferFullException(settings.capacity(), settings.offerTimeout());
            }
            synchronized (progress) {
                accepted++;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for room in the buffer", e);
        } finally {
            admission.readLock().unlock();
        }
    }

    /** Returns once every event published before this call is on the stream or handed to the failure handler. */
    public void flush() {
        synchronized (progress) {
            long target = accepted;
            flushWanted = target;
            while (done < target) {
                try {
                    progress.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while flushing", e);
                }
            }
        }
    }

    /** Refuses new events, sends every event accepted before, and stops the sending thread. Idempotent. */
    @Override
    public void close() {
        admission.writeLock().lock();
        try {
            closed = true;
        } finally {
            admission.writeLock().unlock();
        }
        flush();
        stopping = true;
        try {
            sender.join();
            LOG.info(
                    "buffered publisher to {} closed: {} events sent, {} handed to the failure handler",
                    publisher.streamName(),
                    sent,
                    handedOver);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the sending thread", e);
        }
    }

    /** Events accepted and not yet on the stream or handed to the failure handler. */
    public long pending() {
        synchronized (progress) {
            return accepted - done;
        }
    }

    /** Sends batches until closed and empty; a batch goes when full or a flush interval after its first event. */
    private void sendUntilStopped() {
        List<EventPublisher.Pending> batch = new ArrayList<>(settings.batchSize());
        long interval = settings.flushInterval().toNanos();
        try {
            while (!(stopping && buffer.isEmpty())) {
                EventPublisher.Pending first = buffer.poll(FLUSH_CHECK_NANOS, TimeUnit.NANOSECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long deadline = System.nanoTime() + interval;
                while (batch.size() < settings.batchSize()) {
                    if (buffer.drainTo(batch, settings.batchSize() - batch.size()) > 0) {
                        continue;
                    }
                    // waits in short slices, so that a flush does not wait out the interval
                    long left = deadline - System.nanoTime();
                    if (left <= 0 || flushWanted > doneSoFar()) {
                        break;
                    }
                    EventPublisher.Pending next = buffer.poll(Math.min(left, FLUSH_CHECK_NANOS), TimeUnit.NANOSECONDS);
                    if (next != null) {
                        batch.add(next);
                    }
                }
                send(batch);
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.error("the sending thread was interrupted with {} events buffered", buffer.size() + batch.size());
        }
    }

    /** Sends one batch; whatever is not published goes to the failure handler, so that nothing is lost in silence. */
    private void send(List<EventPublisher.Pending> batch) {
        try {
            PublishResult result = publisher.send(batch);
            sent += result.published().size();
            result.unpublished().forEach(this::handOver);
        } catch (RuntimeException e) {
            LOG.error("a batch of {} events failed to send", batch.size(), e);
            batch.forEach(p -> handOver(new PublishResult.Unpublished(p.event, "SendFailed", e.toString(), 1)));
        } finally {
            synchronized (progress) {
                done += batch.size();
                progress.notifyAll();
            }
        }
    }

    private long doneSoFar() {
        synchronized (progress) {
            return done;
        }
    }

    private void handOver(PublishResult.Unpublished unpublished) {
        handedOver++;
        try {
            onUnpublished.accept(unpublished);
        } catch (RuntimeException e) {
            LOG.error(
                    "the failure handler failed on event {}",
                    unpublished.event().eventId(),
                    e);
        }
    }
}
