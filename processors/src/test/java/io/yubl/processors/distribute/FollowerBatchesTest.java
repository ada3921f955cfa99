package io.yubl.processors.distribute;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FollowerBatchesTest {

    /** Pages of the given sizes, counting how many were asked for. */
    private static final class Pages implements FollowerBatches.Pages {
        private final Iterator<List<String>> pages;
        int asked;

        Pages(List<List<String>> pages) {
            this.pages = pages.iterator();
        }

        @Override
        public List<String> next() {
            asked++;
            return pages.hasNext() ? pages.next() : null;
        }
    }

    private static List<String> ids(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "f" + i).toList();
    }

    @Test
    void the_author_and_250_followers_make_batches_of_100_100_and_51() {
        Pages pages = new Pages(List.of(ids(0, 100), ids(100, 200), ids(200, 250)));

        List<List<String>> batches = new ArrayList<>();
        new FollowerBatches("author", true, pages, 100).forEach(batches::add);

        assertThat(batches).extracting(List::size).containsExactly(100, 100, 51);
        assertThat(batches.get(0).get(0)).isEqualTo("author");
        assertThat(batches.stream().flatMap(List::stream).distinct().count()).isEqualTo(251);
    }

    @Test
    void pages_are_fetched_only_as_batches_are_needed() {
        Pages pages = new Pages(List.of(ids(0, 100), ids(100, 200), ids(200, 300)));
        Iterator<List<String>> batches = new FollowerBatches("author", true, pages, 100).iterator();

        batches.next();

        assertThat(pages.asked).isEqualTo(1);
    }

    @Test
    void a_follower_listed_on_two_pages_gets_one_copy() {
        Pages pages = new Pages(List.of(List.of("a", "b"), List.of("b", "c")));

        List<String> all = new ArrayList<>();
        new FollowerBatches("author", true, pages, 10).forEach(all::addAll);

        assertThat(all).containsExactly("author", "a", "b", "c");
    }

    @Test
    void an_author_without_followers_still_gets_the_yubl_in_their_own_feed() {
        List<List<String>> batches = new ArrayList<>();
        new FollowerBatches("author", true, new Pages(List.of()), 100).forEach(batches::add);

        assertThat(batches).containsExactly(List.of("author"));
    }

    @Test
    void empty_pages_in_the_middle_do_not_end_the_listing() {
        Pages pages = new Pages(List.of(List.of("a"), List.of(), List.of("b")));

        List<String> all = new ArrayList<>();
        new FollowerBatches("author", true, pages, 10).forEach(all::addAll);

        assertThat(all).containsExactly("author", "a", "b");
    }

    @Test
    void a_continued_fan_out_does_not_give_the_author_the_yubl_again() {
        // Given the pages after the first invocation's budget
        Pages pages = new Pages(List.of(ids(500, 600), ids(600, 650)));

        // When they are batched for a continued fan-out
        List<List<String>> batches = new ArrayList<>();
        new FollowerBatches("author", false, pages, 100).forEach(batches::add);

        // Then only followers are batched, in full batches
        assertThat(batches).extracting(List::size).containsExactly(100, 50);
        assertThat(batches.stream().flatMap(List::stream)).doesNotContain("author");
    }
}
