package io.yubl.stores.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import io.yubl.localcloud.client.RunningPipeline;
import io.yubl.stores.notifications.Notification.Actor;
import io.yubl.stores.notifications.NotificationRepository.Counts;
import io.yubl.stores.users.Usernames;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The notification feed and the usernames table against DynamoDB Local, on the tables template.yaml declares. */
class NotificationsIT {
    private static final RunningPipeline local = RunningPipeline.shared();
    private static final Duration RETENTION = Duration.ofDays(30);
    private final NotificationRepository notifications = repositoryAt(Clock.systemUTC());

    private static NotificationRepository repositoryAt(Clock clock) {
        return new NotificationRepository(local.dynamodb, local.ref("NotificationsTable"), RETENTION, clock);
    }

    private boolean follow(String userId, String followerId, Instant at) {
        Actor actor = new Actor(followerId, null, null, at);
        Instant now = notifications.now();
        return notifications.change(
                userId,
                Notification.id(NotificationKind.FOLLOWED, at),
                current -> Optional.of(current.map(n -> n.with(actor, now).orElse(n))
                        .orElseGet(() -> Notification.first(userId, NotificationKind.FOLLOWED, actor, now))));
    }

    @Test
    void concurrent_contributions_and_reads_lose_no_update_and_the_counts_stay_exact() throws Exception {
        // Given a user and 4 writers adding 25 follows each to the same item, while a reader marks it read
        String user = "busy-" + UUID.randomUUID();
        Instant at = Instant.now();
        String id = Notification.id(NotificationKind.FOLLOWED, at);
        follow(user, "first", at);
        ExecutorService writers = Executors.newFixedThreadPool(5);
        List<Future<?>> work = new ArrayList<>();

        // When
        for (int w = 0; w < 4; w++) {
            int writer = w;
            work.add(writers.submit(
                    () -> IntStream.range(0, 25).forEach(i -> follow(user, "f" + writer + "-" + i, at))));
        }
        work.add(writers.submit(() -> IntStream.range(0, 10).forEach(i -> notifications.markRead(user, id))));
        for (Future<?> done : work) {
            done.get();
        }
        writers.shutdown();

        // Then every contribution is there, and the unread count agrees with the item
        Notification item = notifications.page(user, 10, null).items().get(0);
        assertThat(item.count()).isEqualTo(101);
        assertThat(notifications.counts(user)).isEqualTo(new Counts(1, item.read() ? 0 : 1));
    }

    @Test
    void unseen_counts_items_newer_than_the_last_seen_and_read_is_per_item() {
        // Given
        String user = "seen-" + UUID.randomUUID();
        Instant today = Instant.now();
        assertThat(notifications.counts(user)).isEqualTo(new Counts(0, 0));

        // When / Then
        follow(user, "ada", today);
        follow(user, "bob", today.minus(Duration.ofDays(1)));
        assertThat(notifications.counts(user)).isEqualTo(new Counts(2, 2));

        notifications.markSeen(user);
        assertThat(notifications.counts(user)).isEqualTo(new Counts(0, 2));

        assertThat(notifications.markRead(user, Notification.id(NotificationKind.FOLLOWED, today)))
                .isTrue();
        assertThat(notifications.counts(user)).isEqualTo(new Counts(0, 1));

        follow(user, "cy", today);
        assertThat(notifications.counts(user))
                .as("an item with news is unseen and unread again")
                .isEqualTo(new Counts(1, 2));
        assertThat(notifications.markRead(user, "followed-19990101"))
                .as("no such item")
                .isFalse();
    }

    @Test
    void pages_run_newest_activity_first_and_repeat_nothing() {
        // Given follows on 5 different days, written oldest day first
        String user = "pages-" + UUID.randomUUID();
        Instant today = Instant.now();
        List<String> ids = new ArrayList<>();
        for (int day = 4; day >= 0; day--) {
            Instant at = today.minus(Duration.ofDays(day));
            follow(user, "fan-" + day, at);
            ids.add(0, Notification.id(NotificationKind.FOLLOWED, at));
        }

        // When
        List<String> paged = new ArrayList<>();
        NotificationRepository.NotificationPage page = notifications.page(user, 2, null);
        paged.addAll(page.items().stream().map(Notification::id).toList());
        while (page.after() != null) {
            page = notifications.page(user, 2, page.after());
            paged.addAll(page.items().stream().map(Notification::id).toList());
        }

        // Then
        assertThat(paged).containsExactlyElementsOf(ids);
    }

    @Test
    void an_expired_notification_is_absent_before_dynamodb_deletes_it() {
        // Given a notification, read by a repository whose clock is past the retention period
        String user = "expired-" + UUID.randomUUID();
        Instant at = Instant.now();
        follow(user, "ada", at);
        NotificationRepository later =
                repositoryAt(Clock.fixed(at.plus(RETENTION).plusSeconds(60), ZoneOffset.UTC));

        // Then
        assertThat(later.page(user, 10, null).items()).isEmpty();
        assertThat(later.counts(user)).isEqualTo(new Counts(0, 0));
        assertThat(later.markRead(user, Notification.id(NotificationKind.FOLLOWED, at)))
                .isFalse();
        assertThat(later.idsOfKind(user, NotificationKind.FOLLOWED)).isEmpty();
    }

    @Test
    void usernames_follow_renames_ignore_stale_events_and_resolve_in_any_case() {
        // Given
        Usernames usernames = new Usernames(local.dynamodb, local.ref("UsernamesTable"));
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String ada = "user-" + tag;
        Instant joined = Instant.parse("2026-11-23T10:00:00Z");

        // When
        usernames.claim(ada, "Ada_" + tag, joined);
        usernames.claim(ada, "lovelace_" + tag, joined.plusSeconds(60));
        boolean stale = usernames.claim(ada, "stale_" + tag, joined.plusSeconds(30));

        // Then
        assertThat(stale).isFalse();
        assertThat(usernames.resolve(List.of("LOVELACE_" + tag, "ada_" + tag, "stale_" + tag)))
                .isEqualTo(Map.of("lovelace_" + tag, ada));
        assertThat(usernames.usernameOf(ada)).contains("lovelace_" + tag);
    }
}
