package io.yubl.processors.distribute;

import static org.assertj.core.api.Assertions.assertThat;

import io.yubl.stores.Page;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BudgetedPagesTest {

    /** Followers f0..f(n-1) in pages of 100; a cursor is the index of the page it points to. */
    private static BudgetedPages.Source followers(int count, List<String> asked) {
        return cursor -> {
            asked.add(cursor);
            int page = cursor == null ? 0 : Integer.parseInt(cursor);
            int from = page * 100;
            int to = Math.min(count, from + 100);
            return new Page<>(
                    IntStream.range(from, to).mapToObj(i -> "f" + i).toList(),
                    to < count ? Integer.toString(page + 1) : null);
        };
    }

    private static List<String> drain(BudgetedPages pages) {
        List<String> all = new ArrayList<>();
        for (List<String> page = pages.next(); page != null; page = pages.next()) {
            all.addAll(page);
        }
        return all;
    }

    @Test
    void a_budget_of_5_pages_reads_500_of_5000_followers_and_says_where_the_rest_starts() {
        // Given 5,000 followers and a budget of 5 pages
        List<String> asked = new ArrayList<>();
        BudgetedPages pages = new BudgetedPages(followers(5_000, asked), null, 5);

        // When the pages are read
        List<String> read = drain(pages);

        // Then 5 pages were asked for, and the rest starts at the sixth
        assertThat(read).hasSize(500).startsWith("f0").endsWith("f499");
        assertThat(asked).hasSize(5);
        assertThat(pages.read()).isEqualTo(5);
        assertThat(pages.rest()).contains("5");
    }

    @Test
    void a_continuation_reads_on_from_its_cursor_and_the_last_one_has_no_rest() {
        // Given the fan-out's tenth step: 5,000 followers, pages 45 to 49 still to read
        List<String> asked = new ArrayList<>();
        BudgetedPages pages = new BudgetedPages(followers(5_000, asked), "45", 5);

        // When they are read
        List<String> read = drain(pages);

        // Then the last follower is reached, and nothing is handed on
        assertThat(asked).containsExactly("45", "46", "47", "48", "49");
        assertThat(read).endsWith("f4999");
        assertThat(pages.rest()).isEmpty();
    }

    @Test
    void followers_that_end_before_the_budget_leave_no_rest() {
        // Given 150 followers and a budget of 5 pages
        BudgetedPages pages = new BudgetedPages(followers(150, new ArrayList<>()), null, 5);

        // When they are read, Then two pages were enough and nothing is handed on
        assertThat(drain(pages)).hasSize(150);
        assertThat(pages.read()).isEqualTo(2);
        assertThat(pages.rest()).isEmpty();
    }
}
