package io.yubl.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.yubl.operations.VersionJanitor.Alias;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VersionJanitorTest {
    private static final List<String> TEN_DEPLOYS =
            List.of("$LATEST", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10");

    @Test
    void versions_older_than_the_newest_n_that_no_alias_names_go_oldest_first() {
        // Given
        List<Alias> aliases = List.of(new Alias("live", "10", Set.of()));

        // When
        List<String> deletable = VersionJanitor.deletable(TEN_DEPLOYS, aliases, 3);

        // Then
        assertThat(deletable).containsExactly("1", "2", "3", "4", "5", "6", "7");
    }

    @Test
    void a_version_an_alias_points_to_stays_however_old() {
        // Given: a rollback left the alias on an old version
        List<Alias> aliases = List.of(new Alias("live", "2", Set.of()));

        // When
        List<String> deletable = VersionJanitor.deletable(TEN_DEPLOYS, aliases, 3);

        // Then
        assertThat(deletable).doesNotContain("2").contains("1", "3", "7").doesNotContain("8", "9", "10");
    }

    @Test
    void a_version_taking_canary_traffic_through_an_alias_stays() {
        // Given: a canary shifts 10 % of live's traffic from 4 to 5, and another alias pins 1
        List<Alias> aliases = List.of(new Alias("live", "4", Set.of("5")), new Alias("pinned", "1", Set.of()));

        // When
        List<String> deletable = VersionJanitor.deletable(List.of("$LATEST", "1", "2", "3", "4", "5"), aliases, 1);

        // Then
        assertThat(deletable).containsExactly("2", "3");
    }

    @Test
    void latest_is_never_deleted_and_ordering_is_numeric_not_textual() {
        // When
        List<String> deletable = VersionJanitor.deletable(List.of("$LATEST", "9", "10", "11"), List.of(), 1);

        // Then
        assertThat(deletable).containsExactly("9", "10");
    }

    @Test
    void keeping_nothing_is_refused() {
        assertThatThrownBy(() -> VersionJanitor.deletable(TEN_DEPLOYS, List.of(), 0))
                .hasMessageContaining("keep at least the newest version");
    }
}
