package io.yubl.stores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.yubl.localcloud.client.RunningPipeline;
import io.yubl.stores.it.LocalStores;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/** The repositories against DynamoDB Local, on the tables template.yaml declares. */
class StoresIT {
    private static final RunningPipeline local = RunningPipeline.shared();
    private static final LocalStores stores = LocalStores.shared();

    @Test
    void trimming_keeps_the_newest_entries_of_a_feed() {
        String user = "trim-" + UUID.randomUUID();
        Instant start = Instant.parse("2026-11-22T10:00:00Z");
        List<FeedEntry> entries = IntStream.range(0, 12)
                .mapToObj(i -> new FeedEntry(user, "y" + i, "a", start.plusSeconds(i)))
                .toList();
        stores.feeds.add(entries);

        int removed = stores.feeds.trim(user, 5);

        assertThat(removed).isEqualTo(7);
        assertThat(stores.feedYubls(user)).containsExactly("y11", "y10", "y9", "y8", "y7");
    }

    @Test
    void writing_the_same_entry_twice_leaves_one_item() {
        String user = "twice-" + UUID.randomUUID();
        FeedEntry entry = new FeedEntry(user, "y1", "a", Instant.parse("2026-11-22T10:00:00Z"));

        stores.feeds.add(List.of(entry));
        stores.feeds.add(List.of(entry));

        assertThat(stores.feeds.entries(user)).containsExactly(entry);
    }

    @Test
    void follow_checks_name_the_users_who_never_followed_or_unfollowed() {
        // Given 150 users following a star, 30 of whom unfollowed, and 10 who never followed
        // (asked all at once, and 50 of the fans on their own)
        String star = "checked-" + UUID.randomUUID();
        List<String> fans =
                IntStream.range(0, 150).mapToObj(i -> star + "-fan-" + i).toList();
        Instant at = Instant.now();
        fans.forEach(f -> stores.relationships.follow(f, star, at));
        List<String> left = fans.subList(100, 130);
        left.forEach(f -> stores.relationships.unfollow(f, star, at.plusMillis(1)));
        List<String> strangers =
                IntStream.range(0, 10).mapToObj(i -> star + "-stranger-" + i).toList();
        List<String> asked = new ArrayList<>(fans);
        asked.addAll(strangers);

        // When
        FollowChecks checks = new FollowChecks(local.dynamodb, local.ref("RelationshipsTable"));
        Set<String> notFollowing = checks.notFollowing(star, asked);
        Set<String> ofOneRun = checks.notFollowing(star, fans.subList(90, 140));

        // Then
        List<String> expected = new ArrayList<>(left);
        expected.addAll(strangers);
        assertThat(notFollowing).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(ofOneRun).containsExactlyInAnyOrderElementsOf(left);
    }

    @Test
    void listed_followers_who_unfollowed_since_are_found_by_their_markers_and_those_who_came_back_are_not() {
        // Given 150 fans listed as a star's followers; since then 30 of them unfollowed, and 5 of those followed again
        String star = "marked-" + UUID.randomUUID();
        List<String> fans = IntStream.range(0, 150)
                .mapToObj(i -> String.format("%s-fan-%03d", star, i))
                .toList();
        Instant at = Instant.now();
        fans.forEach(f -> stores.relationships.follow(f, star, at));
        List<String> left = fans.subList(100, 130);
        left.forEach(f -> stores.relationships.unfollow(f, star, at.plusMillis(1)));
        List<String> back = left.subList(0, 5);
        back.forEach(f -> stores.relationships.follow(f, star, at.plusMillis(2)));

        // When the fans are checked at once, and a run of them that holds no marker
        FollowChecks checks = new FollowChecks(local.dynamodb, local.ref("RelationshipsTable"));
        Set<String> gone = checks.unfollowedSinceListed(star, fans);
        Set<String> ofUnmarkedRun = checks.unfollowedSinceListed(star, fans.subList(0, 50));

        // Then only those who left and stayed away are named
        assertThat(gone).containsExactlyInAnyOrderElementsOf(left.subList(5, 30));
        assertThat(ofUnmarkedRun).isEmpty();
    }

    /** fan-000 to fan-056. */
    private static final List<String> FANS =
            IntStream.range(0, 57).mapToObj(i -> String.format("fan-%03d", i)).toList();

    /** The star is followed by the 57 fans, and fan-010 to fan-029 (returned) have unfollowed since. */
    private static List<String> followedByFansOf10To29Gone(String star) {
        Instant at = Instant.now();
        FANS.forEach(f -> stores.relationships.follow(f, star, at));
        List<String> gone = FANS.subList(10, 30);
        gone.forEach(f -> stores.relationships.unfollow(f, star, at.plusMillis(1)));
        return gone;
    }

    @Test
    void followers_come_in_pages_that_skip_unfollowed_ones_and_repeat_nothing() {
        String star = "star-" + UUID.randomUUID();
        List<String> gone = followedByFansOf10To29Gone(star);

        List<String> seen = new ArrayList<>();
        int pages = 0;
        String cursor = null;
        do {
            Page<String> page = stores.relationshipPages.followers(star, 10, cursor);
            assertThat(page.items().size()).isLessThanOrEqualTo(10);
            seen.addAll(page.items());
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);

        List<String> expected = new ArrayList<>(FANS);
        expected.removeAll(gone);
        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(pages).isBetween(4, 5);
    }

    @Test
    void a_page_of_5000_followers_larger_than_one_dynamodb_answer_is_whole() throws Exception {
        // Given a star followed by 5,200 fans with ids of the longest kind (64 characters), so many relations that one
        // query does not answer 5,000 of them (DynamoDB stops at 1 MB)
        String star = "star-" + UUID.randomUUID();
        List<String> fans = IntStream.range(0, 5_200)
                .mapToObj(i -> "f".repeat(59) + String.format("-%04d", i))
                .toList();
        stores.followedBy(star, fans, Instant.now());
        QueryResponse oneQuery = local.dynamodb.query(q -> q.tableName(local.ref("RelationshipsTable"))
                .keyConditionExpression("userId = :u")
                .expressionAttributeValues(Map.of(":u", AttributeValue.fromS(star)))
                .limit(5_000));
        assertThat(oneQuery.count()).isLessThan(5_000);

        // When the relationship API's largest page is asked for, and then the rest
        Page<String> first = stores.relationshipPages.followers(star, 5_000, null);
        Page<String> rest = stores.relationshipPages.followers(star, 5_000, first.nextCursor());

        // Then the first page holds the first 5,000 in id order, the second the other 200 and no cursor
        assertThat(first.items()).containsExactlyElementsOf(fans.subList(0, 5_000));
        assertThat(rest.items()).containsExactlyElementsOf(fans.subList(5_000, 5_200));
        assertThat(rest.nextCursor()).isNull();
    }

    @Test
    void followers_in_ranges_side_by_side_are_each_listed_once_and_the_last_comes_first_in_descending_order() {
        // Given 57 followers, 20 of whom unfollowed
        String star = "ranged-" + UUID.randomUUID();
        List<String> gone = followedByFansOf10To29Gone(star);

        // When they are listed in three ranges, cut at ids that are followers and at one that is not, and backwards
        List<String> seen = new ArrayList<>();
        for (IdRange range : List.of(
                new IdRange(null, "fan-005", false),
                new IdRange("fan-005", "fan-040x", false),
                new IdRange("fan-040x", null, false))) {
            String cursor = null;
            do {
                Page<String> page = stores.relationshipPages.followers(star, 4, cursor, range);
                seen.addAll(page.items());
                cursor = page.nextCursor();
            } while (cursor != null);
        }
        Page<String> last = stores.relationshipPages.followers(star, 1, null, IdRange.ALL_DESCENDING);

        // Then each active follower is listed once, in order, the first of a range included and its end left out
        List<String> expected = new ArrayList<>(FANS);
        expected.removeAll(gone);
        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(last.items()).containsExactly("fan-056");
        assertThat(stores.relationshipPages
                        .followers(star, 10, null, new IdRange("fan-040", "fan-040", false))
                        .items())
                .as("a range that ends where it starts")
                .isEmpty();
        String cursorAtFan003 =
                stores.relationshipPages.followers(star, 4, null).nextCursor();
        assertThatThrownBy(() -> stores.relationshipPages.followers(
                        star, 4, cursorAtFan003, new IdRange(null, "fan-002", false)))
                .as("a cursor past the range's end")
                .isInstanceOf(InvalidCursorException.class);
    }

    @Test
    void a_cursor_from_another_listing_is_refused() {
        String a = "a-" + UUID.randomUUID();
        String b = "b-" + UUID.randomUUID();
        IntStream.range(0, 3).forEach(i -> {
            stores.relationships.follow("x" + i, a, Instant.now());
            stores.relationships.follow("x" + i, b, Instant.now());
        });
        String cursorOfA = stores.relationshipPages.followers(a, 1, null).nextCursor();

        assertThatThrownBy(() -> stores.relationshipPages.followers(b, 1, cursorOfA))
                .isInstanceOf(InvalidCursorException.class);
        assertThatThrownBy(() -> stores.relationshipPages.following(a, 1, cursorOfA))
                .isInstanceOf(InvalidCursorException.class);
    }
}
