package io.yubl.processors.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FeedTrimmingTest {

    @Test
    void about_one_write_in_every_is_due_and_the_choice_is_stable() {
        FeedTrimming trimming = new FeedTrimming(800, 20);

        long due = IntStream.range(0, 20_000)
                .filter(i -> trimming.isDue("user-" + (i % 100), "yubl-" + i))
                .count();

        assertThat(due).isBetween(800L, 1_200L);
        assertThat(trimming.isDue("u", "y")).isEqualTo(trimming.isDue("u", "y"));
    }

    @Test
    void every_one_trims_every_time() {
        assertThat(IntStream.range(0, 100).allMatch(i -> new FeedTrimming(5, 1).isDue("u" + i, "y")))
                .isTrue();
    }

    @Test
    void cap_and_frequency_must_be_positive() {
        assertThatThrownBy(() -> new FeedTrimming(0, 20)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FeedTrimming(800, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
