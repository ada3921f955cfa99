package io.yubl.processors.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import io.yubl.stores.notifications.Notification;
import io.yubl.stores.notifications.Notification.Actor;
import io.yubl.stores.notifications.NotificationKind;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmailDigestsTest {
    private static final Instant AT = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void a_digest_lists_each_notification_by_its_summary() {
        // Given
        Notification follows = Notification.first("u", NotificationKind.FOLLOWED, new Actor("a", "ada", null, AT), AT);
        Notification mention = Notification.first("u", NotificationKind.MENTIONED, new Actor("b", "bob", "y1", AT), AT);

        // When
        String subject = EmailDigests.subject(List.of(follows, mention));
        String text = EmailDigests.text(List.of(follows, mention));

        // Then
        assertThat(subject).isEqualTo("You have 2 unread notifications on yubl");
        assertThat(text).startsWith("- @ada followed you\n- @bob mentioned you\n");
        assertThat(EmailDigests.subject(List.of(follows))).isEqualTo("You have 1 unread notification on yubl");
    }
}
