package io.yubl.contracts;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void a_policy_must_allow_at_least_one_attempt_and_a_sane_cap() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO)).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(1))).hasMessageContaining("maxDelay");
    }
}
