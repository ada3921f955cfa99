package io.yubl.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EventRoundTripTest {

    @ParameterizedTest
    @EnumSource(EventType.class)
    void every_event_type_reads_and_writes_back_to_the_same_json(EventType type) throws Exception {
        byte[] original = Fixtures.bytes("events/v1/" + type.wireName() + ".json");

        EventEnvelope event = Contracts.decodeEvent(original);
        byte[] written = Contracts.encodeEvent(event);

        assertThat(event.type()).isEqualTo(type);
        assertThat(event.payload()).isInstanceOf(type.payloadType());
        assertThat(Contracts.json().readTree(written))
                .isEqualTo(Contracts.json().readTree(original));
        assertThat(Contracts.decodeEvent(written)).isEqualTo(event);
    }

    @Test
    void a_new_event_carries_its_type_a_fresh_id_and_the_correlation_ids() {
        EventEnvelope first = EventEnvelope.of(new YublDeleted("y1", "u1"), Map.of(CorrelationIds.HEADER, "c-1"));
        EventEnvelope second = EventEnvelope.of(new YublDeleted("y1", "u1"), Map.of(CorrelationIds.HEADER, "c-1"));

        assertThat(first.type()).isEqualTo(EventType.YUBL_DELETED);
        assertThat(first.eventId()).isNotEqualTo(second.eventId());
        assertThat(first.correlationId()).isEqualTo("c-1");
        assertThat(first.partitionKey()).isEqualTo("u1");
        assertThat(Contracts.validateEvent(first)).isEmpty();
    }

    @Test
    void partition_keys_are_the_aggregate_ids() {
        assertThat(new UserJoined("u1", "ada", "Ada", "L").partitionKey()).isEqualTo("u1");
        assertThat(new UserFollowed("u2", "u1").partitionKey()).isEqualTo("u2");
        assertThat(new YublPosted("y1", "u3", "hi", Instant.EPOCH).partitionKey())
                .isEqualTo("u3");
    }

    @Test
    void a_fanout_message_round_trips() {
        String original = new String(Fixtures.bytes("feed-fanout.json"), StandardCharsets.UTF_8);

        FeedFanoutMessage message = Contracts.decodeFanout(original);

        assertThat(message.followerIds()).containsExactly("u-grace", "u-alan", "u-ada");
        assertThat(Contracts.decodeFanout(Contracts.encodeFanout(message))).isEqualTo(message);
    }

    @Test
    void a_fanout_message_without_followers_is_rejected() {
        FeedFanoutMessage empty = new FeedFanoutMessage("y1", "u1", Instant.EPOCH, List.of());

        assertThat(Contracts.validateFanout(Contracts.json().valueToTree(empty)))
                .extracting(Problem::path)
                .containsExactly("$.followerIds");
    }

    @Test
    void a_fanout_continuation_round_trips() {
        // Given a continuation as distribute-yubl hands it on
        String original = new String(Fixtures.bytes("fanout-continuation.json"), StandardCharsets.UTF_8);

        // When it is read and written again
        FanoutContinuation continuation = Contracts.decodeContinuation(original);

        // Then nothing is lost
        assertThat(continuation.pagesDone()).isEqualTo(5);
        assertThat(Contracts.decodeContinuation(Contracts.encodeContinuation(continuation)))
                .isEqualTo(continuation);
    }

    @Test
    void a_walk_of_a_range_round_trips_and_one_with_both_a_cursor_and_a_start_is_refused() {
        // Given a walk of a range, not started yet, and one that says both where it goes on and where it starts
        FanoutContinuation walk = new FanoutContinuation("y1", "u1", Instant.EPOCH, null, 0, 2, "u-5", "u-8");
        FanoutContinuation both = new FanoutContinuation("y1", "u1", Instant.EPOCH, "abc.def", 1, 2, "u-5", "u-8");

        // When they are written and read
        FanoutContinuation read = Contracts.decodeContinuation(Contracts.encodeContinuation(walk));

        // Then the walk is read as written, and the other is refused
        assertThat(read).isEqualTo(walk);
        assertThat(read.startsTheFanOut()).isFalse();
        assertThatThrownBy(() -> Contracts.encodeContinuation(both)).isInstanceOf(ContractViolation.class);
    }

    @Test
    void a_continuation_without_a_cursor_or_a_step_is_refused_by_name() {
        // Given a continuation that would start the fan-out over, and one that names no step
        FanoutContinuation noCursor = new FanoutContinuation("y1", "u1", Instant.EPOCH, null, 1, 0, null, null);
        FanoutContinuation noStep = new FanoutContinuation("y1", "u1", Instant.EPOCH, "abc.def", 0, 0, null, null);

        // When they are written, Then each is refused, naming the field
        assertThatThrownBy(() -> Contracts.encodeContinuation(noCursor))
                .isInstanceOf(ContractViolation.class)
                .hasMessageContaining("$.followersCursor");
        assertThatThrownBy(() -> Contracts.encodeContinuation(noStep))
                .isInstanceOf(ContractViolation.class)
                .hasMessageContaining("$.pagesDone");
    }
}
