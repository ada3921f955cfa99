package io.yubl.stores.notifications;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * One item of a user's notification feed: every notification of one kind whose event happened on the same UTC day,
 * aggregated ("Ada and 3 others followed you"). It keeps its actors newest first, at most {@link #MAX_ACTORS}; past
 * that the oldest are counted in {@code overflow} and can no longer be withdrawn. Adding an actor makes the item
 * unread again and moves it to the top ({@code latestAt}). Values only: the repository stores them.
 */
public record Notification(
        String userId,
        String id,
        NotificationKind kind,
        List<Actor> actors,
        int overflow,
        Instant latestAt,
        boolean read) {
    public static final int MAX_ACTORS = 1000;
    /** The form of an id: kind, a hyphen, the UTC day of the events it aggregates. */
    public static final Pattern ID = Pattern.compile("(followed|mentioned)-[0-9]{8}");

    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("uuuuMMdd").withZone(ZoneOffset.UTC);

    /** Who caused a notification, when, and (for a mention) in which yubl. */
    public record Actor(String userId, String username, String yublId, Instant at) {
        boolean sameContribution(Actor other) {
            return userId.equals(other.userId) && Objects.equals(yublId, other.yublId);
        }
    }

    public Notification {
        actors = List.copyOf(actors);
    }

    /** The id of the item an event of this kind at this time belongs to: one per kind and UTC day. */
    public static String id(NotificationKind kind, Instant occurredAt) {
        return kind.wireName() + "-" + DAY.format(occurredAt);
    }

    /** The first notification of its item. */
    public static Notification first(String userId, NotificationKind kind, Actor actor, Instant now) {
        return new Notification(userId, id(kind, actor.at()), kind, List.of(actor), 0, now, false);
    }

    /** How many contributions it aggregates. */
    public int count() {
        return actors.size() + overflow;
    }

    /** This item with one more contribution (unread, on top); empty if it already holds it (a redelivery). */
    public Optional<Notification> with(Actor actor, Instant now) {
        if (actors.stream().anyMatch(actor::sameContribution)) {
            return Optional.empty();
        }
        List<Actor> more = new ArrayList<>(actors);
        more.add(actor);
        more.sort(Comparator.comparing(Actor::at).reversed());
        int dropped = Math.max(0, more.size() - MAX_ACTORS);
        return Optional.of(new Notification(
                userId, id, kind, more.subList(0, more.size() - dropped), overflow + dropped, now, false));
    }

    /**
     * This item without the matching contributions, if it is still unread and holds any; empty otherwise (a read
     * notification is not withdrawn). An item left with no contribution has {@link #count()} 0: delete it.
     */
    public Optional<Notification> without(Predicate<Actor> contribution) {
        if (read || actors.stream().noneMatch(contribution)) {
            return Optional.empty();
        }
        return Optional.of(new Notification(
                userId, id, kind, actors.stream().filter(contribution.negate()).toList(), overflow, latestAt, false));
    }

    /** The newest actors, at most {@code n}, one entry per user. */
    public List<Actor> recentActors(int n) {
        List<Actor> recent = new ArrayList<>();
        for (Actor actor : actors) {
            if (recent.size() < n && recent.stream().noneMatch(a -> a.userId().equals(actor.userId()))) {
                recent.add(actor);
            }
        }
        return recent;
    }

    /** "@ada followed you", "@ada and @bob mentioned you", "@ada and 3 others followed you". */
    public String summary() {
        long people = actors.stream().map(Actor::userId).distinct().count() + overflow;
        List<String> names = recentActors(2).stream().map(Notification::name).toList();
        String who;
        if (people == 1 && names.size() == 1) {
            who = names.get(0);
        } else if (people == 2 && names.size() == 2) {
            who = names.get(0) + " and " + names.get(1);
        } else {
            long others = people - 1;
            who = (names.isEmpty() ? "someone" : names.get(0)) + " and " + others
                    + (others == 1 ? " other" : " others");
        }
        return who + " " + kind.verb();
    }

    public Notification markedRead() {
        return new Notification(userId, id, kind, actors, overflow, latestAt, true);
    }

    private static String name(Actor actor) {
        return actor.username() == null ? "someone" : "@" + actor.username();
    }
}
