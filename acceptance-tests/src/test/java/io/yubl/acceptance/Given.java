package io.yubl.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;

/**
 * The Given steps: the state a case starts from, made the way a client would make it (through the When steps), with
 * fresh ids for every test. What they make is undone after the test ({@link #cleanUp()}).
 */
public final class Given {
    private final When when;
    private final Then then;
    private final Deque<Runnable> undo = new ArrayDeque<>();

    public Given(When when, Then then) {
        this.when = when;
        this.then = then;
    }

    /** A new user; returns their id. */
    public String aUser(String firstName, String lastName) {
        String username = firstName.toLowerCase().replaceAll("[^a-z]", "") + "_"
                + UUID.randomUUID().toString().substring(0, 8);
        return aUser(username, firstName, lastName);
    }

    public String aUser(String username, String firstName, String lastName) {
        Response joined = when.userJoins(username, firstName, lastName, null);
        assertThat(joined.status())
                .as("joining %s: %s", username, joined.body())
                .isEqualTo(201);
        return When.text(joined.body(), "userId");
    }

    /** A new user who follows the author (and the relationship API says so); returns their id. */
    public String aFollowerOf(String authorId, String firstName) {
        String follower = aUser(firstName, "Follower");
        following(follower, authorId);
        return follower;
    }

    /** The follower follows the followee, and the relationship API says so. */
    public void following(String followerId, String followeeId) {
        assertThat(when.userFollows(followerId, followeeId).status()).isEqualTo(202);
        undo.push(() -> when.userUnfollows(followerId, followeeId));
        then.eventually(
                "the relationship is recorded",
                () -> then.followersOf(followeeId, followerId).contains(followerId));
    }

    /** The author has posted; returns the yubl's id. */
    public String aYubl(String authorId, String text) {
        Response posted = when.userPosts(authorId, text, null);
        assertThat(posted.status()).isEqualTo(201);
        String yublId = When.text(posted.body(), "yublId");
        undo.push(() -> when.userDeletes(authorId, yublId));
        return yublId;
    }

    /**
     * Waits, if need be, until a UTC day is not about to end: notifications aggregate per UTC day, so a case that
     * counts on one item must not straddle midnight. Waits at most two minutes, and only in the two before midnight.
     */
    public void noUtcMidnightWithinTwoMinutes() {
        then.eventually(
                "two minutes before the next UTC midnight",
                () -> {
                    Instant now = Instant.now();
                    Instant midnight = now.truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS);
                    return Duration.between(now, midnight).compareTo(Duration.ofMinutes(2)) > 0;
                },
                Duration.ofMinutes(3));
    }

    /** Remembers something a case made itself (a When step) so that it is undone too. */
    public void undoAfterwards(Runnable action) {
        undo.push(action);
    }

    public void cleanUp() {
        while (!undo.isEmpty()) {
            undo.pop().run();
        }
    }
}
