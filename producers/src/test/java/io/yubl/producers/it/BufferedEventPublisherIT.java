package io.yubl.producers.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.yubl.contracts.CorrelationIds;
import io.yubl.contracts.EventEnvelope;
import io.yubl.contracts.RetryPolicy;
import io.yubl.contracts.UserJoined;
import io.yubl.contracts.UserProfileUpdated;
import io.yubl.producers.BufferFullException;
import io.yubl.producers.BufferedEventPublisher;
import io.yubl.producers.EventPublisher;
import io.yubl.producers.InvalidEventsException;
import io.yubl.producers.PublishResult;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** The buffered publisher against the local cloud's Kinesis emulator, over the wire. */
class BufferedEventPublisherIT {
    private static final Map<String, String> CORRELATION = Map.of(CorrelationIds.HEADER, "corr-buffered");
    private static KinesisClient kinesis;

    @BeforeAll
    static void connect() {
        kinesis = LocalKinesis.client();
    }

    @AfterAll
    static void close() {
        kinesis.close();
    }

    @Test
    void events_from_8_request_threads_all_arrive_in_order_per_key_once_closed() throws Exception {
        // Given a buffered publisher and 8 threads, each publishing 50 profile updates to each of its 5 users
        String stream = LocalKinesis.newStream(kinesis, "it-buffered", 2);
        BufferedEventPublisher publisher = new BufferedEventPublisher(
                new EventPublisher(kinesis, stream, RetryPolicy.DEFAULT),
                new BufferedEventPublisher.Settings(100, Duration.ofMillis(20), 1_000, Duration.ofSeconds(30)));
        ExecutorService threads = Executors.newFixedThreadPool(8);

        // When
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            running.add(threads.submit(() -> {
                for (int n = 0; n < 50; n++) {
                    for (int u = 0; u < 5; u++) {
                        publisher.publish(EventEnvelope.of(
                                new UserProfileUpdated("t" + thread + "-u" + u, "name" + n, "F", "L"), CORRELATION));
                    }
                }
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        threads.shutdown();
        publisher.close();

        // Then all 2,000 are on the stream, and each user's updates in the order they were published
        List<EventEnvelope> onStream = LocalKinesis.readEvents(kinesis, stream);
        assertThat(onStream).hasSize(2_000);
        Map<String, List<String>> namesByUser = onStream.stream()
                .map(e -> (UserProfileUpdated) e.payload())
                .collect(Collectors.groupingBy(
                        UserProfileUpdated::userId,
                        Collectors.mapping(UserProfileUpdated::username, Collectors.toList())));
        List<String> inOrder = IntStream.range(0, 50).mapToObj(n -> "name" + n).toList();
        assertThat(namesByUser)
                .hasSize(40)
                .allSatisfy((user, names) -> assertThat(names).as(user).isEqualTo(inOrder));
        assertThat(publisher.pending()).isZero();
    }

    @Test
    void flush_returns_once_everything_published_before_it_is_on_the_stream() {
        // Given events buffered by a publisher that would otherwise wait 10 minutes for a batch of 500
        String stream = LocalKinesis.newStream(kinesis, "it-flush", 1);
        try (BufferedEventPublisher publisher = new BufferedEventPublisher(
                new EventPublisher(kinesis, stream, RetryPolicy.DEFAULT),
                new BufferedEventPublisher.Settings(500, Duration.ofMinutes(10), 1_000, Duration.ofSeconds(1)))) {
            for (int i = 0; i < 30; i++) {
                publisher.publish(EventEnvelope.of(new UserJoined("u-flush-" + i, "flush" + i, "F", "L"), CORRELATION));
            }

            // When
            publisher.flush();

            // Then
            assertThat(publisher.pending()).isZero();
            assertThat(LocalKinesis.readEvents(kinesis, stream)).hasSize(30);
        }
    }

    @Test
    void an_invalid_event_is_refused_on_the_callers_thread_and_nothing_is_buffered() {
        String stream = LocalKinesis.newStream(kinesis, "it-buffered-invalid", 1);
        try (BufferedEventPublisher publisher = new BufferedEventPublisher(
                new EventPublisher(kinesis, stream, RetryPolicy.DEFAULT), BufferedEventPublisher.Settings.DEFAULT)) {
            assertThatThrownBy(
                            () -> publisher.publish(EventEnvelope.of(new UserJoined("u 1", "", "F", "L"), CORRELATION)))
                    .isInstanceOf(InvalidEventsException.class)
                    .hasMessageContaining("userId");
            assertThat(publisher.pending()).isZero();
        }
    }

    @Test
    void a_full_buffer_rejects_with_a_clear_exception_and_what_it_accepted_is_handed_to_the_failure_handler()
            throws Exception {
        // Given a stream endpoint that accepts connections and never answers, and a small buffer
        try (SilentEndpoint silent = new SilentEndpoint();
                KinesisClient stuck = LocalKinesis.client(silent.uri())) {
            List<PublishResult.Unpublished> handedOver = new CopyOnWriteArrayList<>();
            BufferedEventPublisher publisher = new BufferedEventPublisher(
                    new EventPublisher(
                            stuck, "never-answers", new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(20))),
                    new BufferedEventPublisher.Settings(5, Duration.ofMillis(1), 10, Duration.ofMillis(100)),
                    handedOver::add);

            // When more events come than the sender (stuck on its first batch) and the buffer can hold
            List<EventEnvelope> accepted = new ArrayList<>();
            BufferFullException full = null;
            for (int i = 0; i < 5 + 10 + 1 && full == null; i++) {
                EventEnvelope event =
                        EventEnvelope.of(new UserJoined("u-full-" + i, "full" + i, "F", "L"), CORRELATION);
                try {
                    publisher.publish(event);
                    accepted.add(event);
                } catch (BufferFullException e) {
                    full = e;
                }
            }

            // Then the caller is told, plainly
            assertThat(full).isNotNull().hasMessageContaining("holds 10 events").hasMessageContaining("not buffered");

            // And once the endpoint goes away, close() hands every accepted event to the failure handler: none is lost
            silent.close();
            publisher.close();
            assertThat(handedOver)
                    .extracting(PublishResult.Unpublished::event)
                    .containsExactlyInAnyOrderElementsOf(accepted);
        }
    }

    /** Accepts connections and says nothing until closed; then every connection is dropped and new ones refused. */
    private static final class SilentEndpoint implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0);
        private final List<Socket> connections = Collections.synchronizedList(new ArrayList<>());

        SilentEndpoint() throws IOException {
            Thread acceptor = new Thread(
                    () -> {
                        try {
                            while (true) {
                                connections.add(server.accept());
                            }
                        } catch (IOException closed) {
                            // closed: stop accepting
                        }
                    },
                    "silent-endpoint");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + server.getLocalPort());
        }

        @Override
        public void close() throws IOException {
            server.close();
            synchronized (connections) {
                for (Socket s : connections) {
                    s.close();
                }
            }
        }
    }
}
