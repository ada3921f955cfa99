package io.yubl.producers.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.yubl.contracts.CorrelationIds;
import io.yubl.contracts.EventEnvelope;
import io.yubl.contracts.RetryPolicy;
import io.yubl.contracts.UserJoined;
import io.yubl.contracts.UserProfileUpdated;
import io.yubl.contracts.YublPosted;
import io.yubl.producers.EventPublisher;
import io.yubl.producers.InvalidEventsException;
import io.yubl.producers.PublishResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** EventPublisher against the local cloud's Kinesis emulator (kinesis-mock), over the wire. */
class EventPublisherIT {
    private static KinesisClient kinesis;

    @BeforeAll
    static void connect() {
        // JSON rather than CBOR on the wire, so that ShardLimitProxy can read PutRecords requests
        System.setProperty("aws.cborEnabled", "false");
        kinesis = LocalKinesis.client();
    }

    @AfterAll
    static void close() {
        kinesis.close();
    }

    @Test
    void a_published_event_can_be_read_back_with_its_correlation_ids() {
        String stream = LocalKinesis.newStream(kinesis, "it-roundtrip", 1);
        EventPublisher publisher = new EventPublisher(kinesis, stream, RetryPolicy.DEFAULT);
        EventEnvelope event = EventEnvelope.of(
                new UserJoined("u-ada", "ada", "Ada", "Lovelace"),
                Map.of(CorrelationIds.HEADER, "corr-it-1", "x-correlation-user-id", "u-ada"));

        PublishResult.Published published = publisher.publish(event);

        assertThat(published.sequenceNumber()).isNotBlank();
        List<EventEnvelope> onStream = LocalKinesis.readEvents(kinesis, stream);
        assertThat(onStream).containsExactly(event);
        assertThat(onStream.get(0).correlation())
                .containsEntry(CorrelationIds.HEADER, "corr-it-1")
                .containsEntry("x-correlation-user-id", "u-ada");
    }

    @Test
    void a_batch_larger_than_500_is_split_and_every_event_arrives() {
        String stream = LocalKinesis.newStream(kinesis, "it-split", 2);
        EventPublisher publisher = new EventPublisher(kinesis, stream, RetryPolicy.DEFAULT);
        List<EventEnvelope> events = IntStream.range(0, 1_234)
                .mapToObj(i -> EventEnvelope.of(
                        new UserJoined("u-" + i, "user" + i, "First" + i, "Last"),
                        Map.of(CorrelationIds.HEADER, "corr-split")))
                .toList();

        PublishResult result = publisher.publish(events);

        assertThat(result.complete()).isTrue();
        assertThat(result.published()).hasSize(1_234);
        assertThat(LocalKinesis.readEvents(kinesis, stream)).containsExactlyInAnyOrderElementsOf(events);
    }

    /**
     * A shard takes so many records and bytes a second (enforced here by {@link ShardLimitProxy} in front of
     * kinesis-local, which does not). 2,000 events of mixed sizes under 50 partition keys go out in rounds of one event
     * per key; the shard admits 30 records and 16 KiB of each call, so every round is throttled, on any machine, and
     * retried with backoff until all arrive. When the byte allowance runs low a large record is refused while smaller
     * ones after it still fit: the case in which retrying failed records naively reorders a key's events. Each key's
     * events arrive in the order they were given.
     */
    @Test
    void records_throttled_by_the_shard_are_retried_until_every_event_arrives_in_order_per_key() throws Exception {
        String stream = LocalKinesis.newStream(kinesis, "it-throttle", 1);
        List<EventEnvelope> events = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            String text = i % 3 == 0 ? "long yubl " + i + " " + "x".repeat(980) : "yubl " + i;
            events.add(EventEnvelope.of(
                    new YublPosted("y-" + i, "author-" + (i % 50), text, Instant.parse("2026-11-22T10:00:00Z")),
                    Map.of(CorrelationIds.HEADER, "corr-throttle")));
        }
        PublishResult result;
        try (ShardLimitProxy shard = new ShardLimitProxy(LocalKinesis.ENDPOINT, 30, 16 * 1024);
                KinesisClient throttled = LocalKinesis.client(shard.endpoint())) {
            EventPublisher publisher = new EventPublisher(
                    throttled, stream, new RetryPolicy(20, Duration.ofMillis(10), Duration.ofMillis(100)));

            result = publisher.publish(events);

            assertThat(shard.throttled()).as("records the shard throttled").isGreaterThanOrEqualTo(40 * 20);
            assertThat(result.retries()).isGreaterThanOrEqualTo(shard.throttled());
        }
        assertThat(result.unpublished()).isEmpty();
        List<EventEnvelope> onStream = LocalKinesis.readEvents(kinesis, stream);
        assertThat(onStream).containsExactlyInAnyOrderElementsOf(events);
        assertThat(byKey(onStream)).isEqualTo(byKey(events));
    }

    @Test
    void profile_updates_of_one_user_keep_their_order_on_the_stream() {
        String stream = LocalKinesis.newStream(kinesis, "it-order", 2);
        EventPublisher publisher = new EventPublisher(kinesis, stream, RetryPolicy.DEFAULT);
        List<EventEnvelope> events = IntStream.range(0, 50)
                .mapToObj(i -> EventEnvelope.of(
                        new UserProfileUpdated("u-" + (i % 3), "name" + i, "F", "L"),
                        Map.of(CorrelationIds.HEADER, "corr-order")))
                .toList();

        publisher.publish(events).orThrow();

        assertThat(byKey(LocalKinesis.readEvents(kinesis, stream))).isEqualTo(byKey(events));
    }

    @Test
    void an_invalid_event_is_refused_and_nothing_is_sent() {
        String stream = LocalKinesis.newStream(kinesis, "it-invalid", 1);
        EventPublisher publisher = new EventPublisher(kinesis, stream, RetryPolicy.DEFAULT);
        EventEnvelope valid =
                EventEnvelope.of(new UserJoined("u-1", "ada", "Ada", "L"), Map.of(CorrelationIds.HEADER, "c"));
        EventEnvelope invalid =
                EventEnvelope.of(new UserJoined("u-2", "ada", "", "L"), Map.of(CorrelationIds.HEADER, "c"));
        EventEnvelope oversize = EventEnvelope.of(
                new YublPosted("y-1", "u-3", "x".repeat(1_100_000), Instant.now()), Map.of(CorrelationIds.HEADER, "c"));

        assertThatThrownBy(() -> publisher.publish(List.of(valid, invalid, oversize)))
                .isInstanceOf(InvalidEventsException.class)
                .hasMessageContaining("events[1]")
                .hasMessageContaining("$.payload.firstName")
                .hasMessageContaining("events[2]")
                .satisfies(e -> assertThat(((InvalidEventsException) e).rejections())
                        .extracting(InvalidEventsException.Rejection::index)
                        .containsExactly(1, 2));
        assertThat(LocalKinesis.readAll(kinesis, stream)).isEmpty();
    }

    @Test
    void when_the_stream_is_missing_every_event_is_reported_unpublished_without_pointless_retries() {
        EventPublisher publisher = new EventPublisher(kinesis, "no-such-stream", RetryPolicy.DEFAULT);
        List<EventEnvelope> events = List.of(
                EventEnvelope.of(new UserJoined("u-1", "ada", "Ada", "L"), Map.of(CorrelationIds.HEADER, "c")),
                EventEnvelope.of(new UserJoined("u-1", "ada2", "Ada", "L"), Map.of(CorrelationIds.HEADER, "c")));

        PublishResult result = publisher.publish(events);

        assertThat(result.published()).isEmpty();
        assertThat(result.unpublished()).hasSize(2);
        assertThat(result.unpublished().get(0).errorCode()).isEqualTo("ResourceNotFoundException");
        assertThat(result.unpublished().get(0).attempts()).isEqualTo(1);
        assertThat(result.unpublished().get(1).errorCode()).isEqualTo("Withheld");
        assertThatThrownBy(result::orThrow).hasMessageContaining("2 of 2 events were not published");
    }

    private static Map<String, List<String>> byKey(List<EventEnvelope> events) {
        return events.stream()
                .collect(Collectors.groupingBy(
                        EventEnvelope::partitionKey,
                        LinkedHashMap::new,
                        Collectors.mapping(EventEnvelope::eventId, Collectors.toList())));
    }
}
