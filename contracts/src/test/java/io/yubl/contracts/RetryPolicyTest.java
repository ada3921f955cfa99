package io.yubl.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofSeconds(2));

    @RepeatedTest(20)
    void each_delay_lies_between_half_and_all_of_the_doubling_ceiling() {
        assertThat(policy.delayAfter(1).toMillis()).isBetween(50L, 100L);
        assertThat(policy.delayAfter(2).toMillis()).isBetween(100L, 200L);
        assertThat(policy.delayAfter(4).toMillis()).isBetween(400L, 800L);
    }

    @RepeatedTest(20)
    void delays_stop_growing_at_the_cap() {
        assertThat(policy.delayAfter(6).toMillis()).isBetween(1000L, 2000L);
        assertThat(policy.delayAfter(60).toMillis()).isBetween(1000L, 2000L);
    }

    @Test
    void each_attempt_gets_what_the_one_before_left_until_nothing_is_left() {
        // Given a batch of which each attempt does half, and a quick policy
        RetryPolicy quick = new RetryPolicy(5, Duration.ZERO, Duration.ZERO);
        List<Integer> seen = new ArrayList<>();

        // When
        RetryPolicy.Retried<Integer> outcome = quick.untilDone(8, left -> left == 0, (left, attempt) -> {
            seen.add(left);
            return left / 2;
        });

        // Then
        assertThat(seen).containsExactly(8, 4, 2, 1);
        assertThat(outcome).isEqualTo(new RetryPolicy.Retried<>(0, 4, true));
        assertThat(quick.untilDone(0, left -> left == 0, (left, attempt) -> left))
                .isEqualTo(new RetryPolicy.Retried<>(0, 0, true));
    }

    @Test
    void a_batch_still_undone_after_the_last_attempt_is_handed_back_with_what_is_left() {
        // Given a batch no attempt makes progress on
        RetryPolicy three = new RetryPolicy(3, Duration.ZERO, Duration.ZERO);

        // When
        RetryPolicy.Retried<String> outcome = three.untilDone("stuck", String::isEmpty, (left, attempt) -> left);

        // Then
        assertThat(outcome).isEqualTo(new RetryPolicy.Retried<>("stuck", 3, false));
    }

    @Test
    void a_call_is_repeated_while_it_fails_transiently_and_anything_else_goes_through() {
        // Given a call that fails twice, then answers; one that always fails; one that fails for good
        RetryPolicy three = new RetryPolicy(3, Duration.ZERO, Duration.ZERO);
        Iterator<String> answers = List.of("", "", "page").iterator();

        // When / Then
        assertThat(three.call("followers", () -> {
                    String answer = answers.next();
                    if (answer.isEmpty()) {
                        throw new RetryPolicy.TransientFailure("HTTP 503");
                    }
                    return answer;
                }))
                .isEqualTo("page");
        assertThatThrownBy(() -> three.call("followers", () -> {
                    throw new RetryPolicy.TransientFailure("HTTP 429");
                }))
                .hasMessage("followers failed 3 times; last: HTTP 429");
        assertThatThrownBy(() -> three.call("followers", () -> {
                    throw new IllegalArgumentException("HTTP 400");
                }))
                .hasMessage("HTTP 400");
    }

    @Test
    void a_list_is_cut_into_chunks_in_order() {
        assertThat(Chunks.of(List.of(1, 2, 3, 4, 5), 2)).containsExactly(List.of(1, 2), List.of(3, 4), List.of(5));
        assertThat(Chunks.of(List.of(), 10)).isEmpty();
        assertThatThrownBy(() -> Chunks.of(List.of(1), 0)).hasMessageContaining("at least one");
    }

    @Test
    void a_policy_must_allow_at_least_one_attempt_and_a_sane_cap() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO))
                .hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("maxDelay");
    }
}
