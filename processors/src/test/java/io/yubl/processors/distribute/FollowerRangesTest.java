package io.yubl.processors.distribute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FollowerRangesTest {

    /** How many of the ids (sorted) each walk reads: walk 0 after {@code after}, then one walk from each cut. */
    private static List<Integer> walkSizes(List<String> sorted, String after, List<String> cuts) {
        List<Integer> sizes = new ArrayList<>();
        List<String> bounds = new ArrayList<>(cuts);
        for (int walk = 0; walk <= cuts.size(); walk++) {
            String from = walk == 0 ? null : bounds.get(walk - 1);
            String before = walk == cuts.size() ? null : bounds.get(walk);
            sizes.add((int) sorted.stream()
                    .filter(id -> id.compareTo(after) > 0)
                    .filter(id -> from == null || id.compareTo(from) >= 0)
                    .filter(id -> before == null || id.compareTo(before) < 0)
                    .count());
        }
        return sizes;
    }

    @Test
    void numbered_followers_are_cut_into_4_walks_that_read_each_of_them_once_in_even_parts() {
        // Given 100,000 followers named as the benchmark names them, in id order, and the first page of 1,000 read
        List<String> sorted = IntStream.range(0, 100_000)
                .mapToObj(n -> "bench-large-4907f6ec-follower-" + n)
                .sorted()
                .toList();
        String after = sorted.get(999);

        // When the rest is cut for 4 walks
        List<String> cuts = FollowerRanges.cuts(sorted.subList(0, 1_000), sorted.get(sorted.size() - 1), 4);

        // Then 3 increasing cuts make 4 walks that read the other 99,000 once, none more than twice another
        assertThat(cuts).hasSize(3).isSorted();
        List<Integer> sizes = walkSizes(sorted, after, cuts);
        assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(99_000);
        assertThat(sizes.stream().mapToInt(Integer::intValue).max().orElseThrow())
                .isLessThanOrEqualTo(
                        2 * sizes.stream().mapToInt(Integer::intValue).min().orElseThrow());
    }

    @Test
    void uuid_followers_are_cut_into_4_walks_within_a_tenth_of_a_quarter_each() {
        // Given 20,000 followers with random UUIDs (seeded: the same ids every run), the first 1,000 read
        Random random = new Random(42);
        List<String> sorted = IntStream.range(0, 20_000)
                .mapToObj(i -> new UUID(random.nextLong(), random.nextLong()).toString())
                .sorted()
                .toList();
        String after = sorted.get(999);

        // When the rest is cut for 4 walks
        List<String> cuts = FollowerRanges.cuts(sorted.subList(0, 1_000), sorted.get(sorted.size() - 1), 4);

        // Then each walk reads a quarter of the other 19,000, give or take a tenth
        assertThat(walkSizes(sorted, after, cuts))
                .hasSize(4)
                .allSatisfy(size -> assertThat(size).isBetween(4_275, 5_225));
    }

    @Test
    void every_cut_is_an_id_between_the_two_it_cuts_between() {
        // Given pairs of ids of every length and character, the second after the first
        Random random = new Random(7);
        for (int i = 0; i < 2_000; i++) {
            String a = randomId(random);
            String b = randomId(random);
            String after = a.compareTo(b) < 0 ? a : b;
            String last = a.compareTo(b) < 0 ? b : a;

            // When the span is cut for 5 walks
            List<String> cuts = FollowerRanges.cuts(List.of(after), last, 5);

            // Then the cuts are ids, strictly increasing, after the first and no later than the second
            assertThat(cuts).hasSizeLessThanOrEqualTo(4).isSorted().doesNotHaveDuplicates();
            assertThat(cuts).allSatisfy(cut -> {
                assertThat(cut).matches("[A-Za-z0-9_-]{1,64}");
                assertThat(cut.compareTo(after)).isPositive();
                assertThat(cut.compareTo(last)).isNotPositive();
            });
        }
    }

    @Test
    void nothing_is_cut_when_the_last_follower_is_the_one_the_first_page_ended_with() {
        // Given a first page that ended with the last follower
        // When its rest is cut
        // Then there are no cuts: one walk
        assertThat(FollowerRanges.cuts(List.of("user-1", "user-9"), "user-9", 4))
                .isEmpty();
        assertThat(FollowerRanges.cuts(List.of("user-9"), "user-1", 4)).isEmpty();
    }

    @Test
    void a_bound_that_is_not_an_id_is_refused() {
        // Given a bound with a character ids never have
        // When it is cut
        // Then it is refused, naming the character
        assertThatThrownBy(() -> FollowerRanges.cuts(List.of("user 1"), "user-9", 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("' '");
    }

    private static String randomId(Random random) {
        int length = 1 + random.nextInt(64);
        StringBuilder id = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            id.append(FollowerRanges.ALPHABET.charAt(random.nextInt(FollowerRanges.ALPHABET.length())));
        }
        return id.toString();
    }
}
