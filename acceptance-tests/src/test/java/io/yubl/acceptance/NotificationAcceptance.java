package io.yubl.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The QA team's notification cases, the same in both TEST_MODEs. Each makes its own users. */
class NotificationAcceptance {
    private final When when = new When();
    private final Then then = new Then(when);
    private final Given given = new Given(when, then);

    @AfterEach
    void cleanUp() {
        given.cleanUp();
    }

    @Test
    void a_follow_notifies_the_followee_and_seen_clears_the_unseen_count() {
        // Given
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String followee = given.aUser("Fo", "Llowee");
        String ada = given.aUser("ada_" + tag, "Ada", "Lovelace");
        assertThat(then.notificationsOf(followee).get("unseen").asLong()).isZero();

        // When
        given.following(ada, followee);

        // Then
        JsonNode item = then.notificationEventuallyArrives(followee, "followed", ada);
        assertThat(item.get("summary").asText()).isEqualTo("@ada_" + tag + " followed you");
        assertThat(item.get("seen").asBoolean()).isFalse();
        assertThat(then.notificationsOf(followee).get("unseen").asLong()).isEqualTo(1);

        Response seen = when.marksNotificationsSeen(followee);
        assertThat(seen.status()).isEqualTo(200);
        assertThat(seen.body().get("unseen").asLong()).isZero();
        assertThat(then.notificationsOf(followee).get("unseen").asLong()).isZero();
        assertThat(then.notificationsOf(followee).get("unread").asLong())
                .as("seen is not read")
                .isEqualTo(1);
    }

    @Test
    void four_follows_aggregate_into_one_item_with_count_four() {
        // Given
        given.noUtcMidnightWithinTwoMinutes();
        String star = given.aUser("Sta", "R");
        List<String> fans = List.of(
                given.aUser("Fan", "One"),
                given.aUser("Fan", "Two"),
                given.aUser("Fan", "Three"),
                given.aUser("Fan", "Four"));

        // When
        fans.forEach(fan -> given.following(fan, star));

        // Then
        then.eventually("one item counting 4 follows", () -> {
            JsonNode items = then.notificationsOf(star).get("items");
            return items.size() == 1 && items.get(0).get("count").asInt() == 4;
        });
        JsonNode item = then.notificationsOf(star).get("items").get(0);
        assertThat(item.get("kind").asText()).isEqualTo("followed");
        assertThat(item.get("summary").asText()).endsWith(" and 3 others followed you");
        assertThat(item.get("actors").findValuesAsText("userId")).hasSize(3).isSubsetOf(fans);

        Response read = when.marksNotificationRead(star, item.get("id").asText());
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body().get("unread").asLong()).isZero();
    }

    @Test
    void a_mention_notifies_the_mentioned_user_and_nobody_else() {
        // Given an author, a user to mention, and a follower of the author who is not mentioned
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String author = given.aUser("Men", "Tioner");
        String mentioned = given.aUser("bea_" + tag, "Bea", "Mentioned");
        String bystander = given.aFollowerOf(author, "Bys");
        // the mentioned user's follow reaching the author shows that the pipeline knows her username
        given.following(mentioned, author);
        then.notificationEventuallyArrives(author, "followed", mentioned);

        // When
        String yubl = given.aYubl(author, "lunch with @Bea_" + tag + "? and bob@example.com");

        // Then
        JsonNode item = then.notificationEventuallyArrives(mentioned, "mentioned", author);
        assertThat(item.get("actors").findValuesAsText("yublId")).containsExactly(yubl);
        then.feedEventuallyHolds(bystander, yubl);
        assertThat(then.notificationsOf(bystander).get("items")).isEmpty();
        assertThat(then.notificationsOf(author).get("items").findValuesAsText("kind"))
                .containsOnly("followed");
    }

    @Test
    void an_unfollow_withdraws_an_unread_follow_notification() {
        // Given
        String followee = given.aUser("Wit", "Hdrawn");
        String fickle = given.aUser("Fic", "Kle");
        assertThat(when.userFollows(fickle, followee).status()).isEqualTo(202);
        then.notificationEventuallyArrives(followee, "followed", fickle);

        // When
        assertThat(when.userUnfollows(fickle, followee).status()).isEqualTo(202);

        // Then
        then.notificationsEventuallyLack(followee, "followed", fickle);
        assertThat(then.notificationsOf(followee).get("unread").asLong()).isZero();
    }

    @Test
    void a_user_can_only_read_their_own_notifications_and_a_bad_id_is_named() {
        // Given a notification of the followee's
        String followee = given.aUser("Pri", "Vate");
        String snoop = given.aUser("Sno", "Op");
        given.following(snoop, followee);
        String id = then.notificationEventuallyArrives(followee, "followed", snoop)
                .get("id")
                .asText();

        // Then the snoop can neither find it nor mark it read, and a malformed id is a 400 naming it
        then.isRefused(when.marksNotificationRead(snoop, id), 404);
        then.isRefused(when.marksNotificationRead(followee, "followed-yesterday"), 400);
        assertThat(when.marksNotificationRead(followee, "followed-yesterday")
                        .body()
                        .toString())
                .contains("id");
        assertThat(then.notificationsOf(snoop).get("items")).isEmpty();
    }
}
