package io.yubl.processors.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MentionsTest {
    @Test
    void a_mention_is_an_at_sign_and_a_username() {
        assertThat(Mentions.in("thanks @ada_l and @Bob.Smith, see you")).containsExactly("ada_l", "Bob.Smith");
    }

    @Test
    void an_email_address_or_a_lone_at_sign_mentions_nobody() {
        assertThat(Mentions.in("mail bob@example.com or @ or @a")).isEmpty();
        assertThat(Mentions.in("@@ada")).isEmpty();
    }

    @Test
    void a_mention_ending_a_sentence_is_read_with_and_without_its_dots() {
        assertThat(Mentions.in("hi @ada.")).containsExactly("ada", "ada.");
    }

    @Test
    void a_username_mentioned_twice_in_any_case_counts_once() {
        assertThat(Mentions.in("@ada @ADA @ada")).containsExactly("ada");
    }

    @Test
    void at_most_ten_distinct_mentions_are_read() {
        String crowd = IntStream.range(0, 15).mapToObj(i -> "@user" + i).collect(Collectors.joining(" "));

        assertThat(Mentions.in(crowd))
                .hasSize(Mentions.MAX_PER_YUBL)
                .contains("user0", "user9")
                .doesNotContain("user10");
    }
}
