package io.yubl.producers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionQueuesTest {

    record Event(String key, int n) {}

    private static PartitionQueues<Event> queues(Event... events) {
        return new PartitionQueues<>(List.of(events), Event::key);
    }

    @Test
    void a_round_holds_at_most_one_event_per_key_in_arrival_order() {
        PartitionQueues<Event> queues =
                queues(new Event("a", 1), new Event("a", 2), new Event("b", 1), new Event("a", 3));

        assertThat(queues.nextRound()).containsExactly(new Event("a", 1), new Event("b", 1));
        assertThat(queues.nextRound()).containsExactly(new Event("a", 2));
        assertThat(queues.nextRound()).containsExactly(new Event("a", 3));
        assertThat(queues.isEmpty()).isTrue();
    }

    @Test
    void when_an_event_fails_for_good_the_rest_of_its_key_is_withheld_and_other_keys_go_on() {
        PartitionQueues<Event> queues =
                queues(new Event("a", 1), new Event("a", 2), new Event("a", 3), new Event("b", 1), new Event("b", 2));
        queues.nextRound();

        List<Event> withheld = queues.withholdRest("a");

        assertThat(withheld).containsExactly(new Event("a", 2), new Event("a", 3));
        assertThat(queues.nextRound()).containsExactly(new Event("b", 2));
        assertThat(queues.isEmpty()).isTrue();
    }

    @Test
    void distinct_keys_all_go_in_the_first_round() {
        PartitionQueues<Event> queues = queues(new Event("a", 1), new Event("b", 1), new Event("c", 1));

        assertThat(queues.nextRound()).hasSize(3);
        assertThat(queues.isEmpty()).isTrue();
        assertThat(queues.withholdRest("a")).isEmpty();
    }
}
