package io.yubl.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpreadTest {
    @Test
    void the_median_and_quartiles_are_interpolated_between_the_sorted_values() {
        // Given rounds in any order
        List<Double> rounds = List.of(5.0, 1.0, 4.0, 2.0, 3.0);

        // When
        Spread spread = Spread.of(rounds);

        // Then
        assertThat(spread.median()).isEqualTo(3.0);
        assertThat(spread.q1()).isEqualTo(2.0);
        assertThat(spread.q3()).isEqualTo(4.0);
        assertThat(spread.min()).isEqualTo(1.0);
        assertThat(spread.max()).isEqualTo(5.0);
        assertThat(Spread.of(List.of(1.0, 2.0)).median()).isEqualTo(1.5);
    }

    @Test
    void a_figure_whose_interquartile_range_passes_a_fifth_of_its_median_says_it_is_too_wide_to_trust() {
        // Given rounds that hold still but for one outlier, and rounds that swing
        Spread steady = Spread.of(List.of(1.00, 0.98, 1.02, 1.01, 0.99, 3.0));
        Spread swinging = Spread.of(List.of(0.695, 1.043, 0.8, 0.95));

        // When / Then
        assertThat(steady.trustworthy()).isTrue();
        assertThat(steady.describe("%.2f")).doesNotContain("TOO WIDE");
        assertThat(swinging.trustworthy()).isFalse();
        assertThat(swinging.describe("%.2f")).contains("SPREAD TOO WIDE TO TRUST");
        assertThat(swinging.json().get("trustworthy").asBoolean()).isFalse();
    }
}
