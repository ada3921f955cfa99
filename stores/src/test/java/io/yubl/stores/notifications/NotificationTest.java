package io.yubl.stores.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import io.yubl.stores.notifications.Notification.Actor;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NotificationTest {
    private static final Instant DAY = Instant.parse("2026-11-23T10:00:00Z");
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    private static Actor follower(String id, int minute) {
        return new Actor(id, id.toLowerCase(), null, DAY.plusSeconds(60L * minute));
    }

    @Test
    void notifications_of_one_kind_on_one_utc_day_share_an_item() {
        assertThat(Notification.id(NotificationKind.FOLLOWED, Instant.parse("2026-11-23T00:00:00Z")))
                .isEqualTo(Notification.id(NotificationKind.FOLLOWED, Instant.parse("2026-11-23T23:59:59.999Z")))
                .isEqualTo("followed-20261123")
                .matches(Notification.ID);
        assertThat(Notification.id(NotificationKind.FOLLOWED, Instant.parse("2026-11-24T00:00:00Z")))
                .isEqualTo("followed-20261124");
        assertThat(Notification.id(NotificationKind.MENTIONED, DAY)).isEqualTo("mentioned-20261123");
    }

    @Test
    void four_follows_aggregate_into_one_item_newest_actor_first() {
        // Given
        Notification n = Notification.first("u", NotificationKind.FOLLOWED, follower("Ada", 1), NOW);

        // When
        n = n.with(follower("Cy", 3), NOW).orElseThrow();
        n = n.with(follower("Dee", 4), NOW).orElseThrow();
        n = n.with(follower("Bob", 2), NOW).orElseThrow();

        // Then
        assertThat(n.count()).isEqualTo(4);
        assertThat(n.recentActors(3)).extracting(Actor::userId).containsExactly("Dee", "Cy", "Bob");
        assertThat(n.summary()).isEqualTo("@dee and 3 others followed you");
    }

    @Test
    void a_redelivered_contribution_changes_nothing() {
        Notification n = Notification.first("u", NotificationKind.FOLLOWED, follower("Ada", 1), NOW);

        assertThat(n.with(follower("Ada", 1), NOW.plusSeconds(5))).isEmpty();
    }

    @Test
    void a_new_contribution_makes_a_read_item_unread_and_newest() {
        Notification read = Notification.first("u", NotificationKind.FOLLOWED, follower("Ada", 1), NOW)
                .markedRead();

        Notification again = read.with(follower("Bob", 2), NOW.plusSeconds(60)).orElseThrow();

        assertThat(again.read()).isFalse();
        assertThat(again.latestAt()).isEqualTo(NOW.plusSeconds(60));
    }

    @Test
    void an_unread_contribution_is_withdrawn_and_a_read_one_is_not() {
        Notification n = Notification.first("u", NotificationKind.FOLLOWED, follower("Ada", 1), NOW)
                .with(follower("Bob", 2), NOW)
                .orElseThrow();

        Optional<Notification> withoutAda = n.without(a -> a.userId().equals("Ada"));
        Optional<Notification> readWithoutAda =
                n.markedRead().without(a -> a.userId().equals("Ada"));
        Optional<Notification> withoutNobody = n.without(a -> a.userId().equals("Zed"));

        assertThat(withoutAda).get().extracting(Notification::count).isEqualTo(1);
        assertThat(withoutAda.get().summary()).isEqualTo("@bob followed you");
        assertThat(readWithoutAda).isEmpty();
        assertThat(withoutNobody).isEmpty();
    }

    @Test
    void past_the_actor_cap_the_oldest_are_counted_in_overflow() {
        Notification n = Notification.first("u", NotificationKind.FOLLOWED, follower("a0", 0), NOW);
        for (int i = 1; i <= Notification.MAX_ACTORS + 1; i++) {
            n = n.with(follower("a" + i, i), NOW).orElseThrow();
        }

        assertThat(n.actors()).hasSize(Notification.MAX_ACTORS);
        assertThat(n.overflow()).isEqualTo(2);
        assertThat(n.count()).isEqualTo(Notification.MAX_ACTORS + 2);
        assertThat(n.actors()).extracting(Actor::userId).doesNotContain("a0", "a1");
    }

    @Test
    void the_summary_names_two_people_and_counts_beyond() {
        Actor ada = new Actor("1", "ada", "y1", DAY);
        Actor adaAgain = new Actor("1", "ada", "y2", DAY.plusSeconds(1));
        Actor anonymous = new Actor("2", null, "y3", DAY.plusSeconds(2));

        Notification one = Notification.first("u", NotificationKind.MENTIONED, ada, NOW);
        Notification sameTwice = one.with(adaAgain, NOW).orElseThrow();
        Notification two = sameTwice.with(anonymous, NOW).orElseThrow();

        assertThat(one.summary()).isEqualTo("@ada mentioned you");
        assertThat(sameTwice.summary()).isEqualTo("@ada mentioned you");
        assertThat(sameTwice.count()).isEqualTo(2);
        assertThat(two.summary()).isEqualTo("someone and @ada mentioned you");
    }
}
