package io.yubl.processors.distribute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.yubl.runtime.Correlation;
import io.yubl.stores.Page;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
        List<String> asked = new CopyOnWriteArrayList<>();
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
        List<String> asked = new CopyOnWriteArrayList<>();
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

    @Test
    void the_next_page_is_asked_for_while_the_caller_still_holds_this_one() throws InterruptedException {
        // Given 5,000 followers, and a source that says when it is asked for the second page
        CountDownLatch secondAsked = new CountDownLatch(1);
        BudgetedPages.Source source = followers(5_000, new CopyOnWriteArrayList<>());
        BudgetedPages pages = new BudgetedPages(
                cursor -> {
                    if ("1".equals(cursor)) {
                        secondAsked.countDown();
                    }
                    return source.page(cursor);
                },
                null,
                5);

        // When the first page is handed out, and not yet the second
        List<String> first = pages.next();

        // Then the second is asked for all the same (the wait only bounds a failing run)
        assertThat(first).startsWith("f0");
        assertThat(secondAsked.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(pages.next()).startsWith("f100");
    }

    @Test
    void a_page_asked_for_ahead_that_fails_fails_the_call_that_needs_it() {
        // Given a source whose second page fails
        BudgetedPages.Source source = followers(5_000, new CopyOnWriteArrayList<>());
        BudgetedPages pages = new BudgetedPages(
                cursor -> {
                    if ("1".equals(cursor)) {
                        throw new IllegalStateException("relationship API refused page 1");
                    }
                    return source.page(cursor);
                },
                null,
                5);

        // When the first page is read, Then it is handed out; the second call gets the failure as it was thrown
        assertThat(pages.next()).hasSize(100);
        assertThatThrownBy(pages::next)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("relationship API refused page 1");
    }

    @Test
    void a_page_asked_for_ahead_carries_the_correlation_ids_of_the_work() {
        // Given the work's correlation ids, and a source that records those it sees
        List<Map<String, String>> seen = new CopyOnWriteArrayList<>();
        BudgetedPages.Source source = followers(300, new CopyOnWriteArrayList<>());
        Correlation.begin(Map.of("x-correlation-id", "fanout-42"));
        try {
            BudgetedPages pages = new BudgetedPages(
                    cursor -> {
                        seen.add(Correlation.ids());
                        return source.page(cursor);
                    },
                    null,
                    5);

            // When every page is read
            drain(pages);
        } finally {
            Correlation.end();
        }

        // Then each page, the ones asked for ahead on another thread too, was asked for with them
        assertThat(seen).hasSize(3).allSatisfy(ids -> assertThat(ids).containsEntry("x-correlation-id", "fanout-42"));
    }
}
