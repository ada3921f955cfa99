package io.yubl.localcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScheduleSourceTest {
    @Test
    void rate_expressions_give_their_period_and_a_cron_expression_is_refused_not_ignored() {
        assertThat(ScheduleSource.period("rate(1 hour)")).isEqualTo(Duration.ofHours(1));
        assertThat(ScheduleSource.period("rate(5 minutes)")).isEqualTo(Duration.ofMinutes(5));
        assertThat(ScheduleSource.period("rate(2 days)")).isEqualTo(Duration.ofDays(2));
        assertThatThrownBy(() -> ScheduleSource.period("cron(0 * * * ? *)"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cron(0 * * * ? *)");
    }
}
