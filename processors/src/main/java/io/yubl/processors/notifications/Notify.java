package io.yubl.processors.notifications;

import io.yubl.contracts.UserFollowed;
import io.yubl.contracts.UserJoined;
import io.yubl.contracts.UserProfileUpdated;
import io.yubl.contracts.UserUnfollowed;
import io.yubl.contracts.YublDeleted;
import io.yubl.contracts.YublPosted;
import io.yubl.middleware.EventRoutes;
import io.yubl.runtime.Clients;
import io.yubl.runtime.Environment;
import io.yubl.runtime.Metrics;
import io.yubl.stores.Dynamo;
import io.yubl.stores.notifications.Notification;
import io.yubl.stores.notifications.Notification.Actor;
import io.yubl.stores.notifications.NotificationKind;
import io.yubl.stores.notifications.NotificationRepository;
import io.yubl.stores.users.Usernames;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * notify: turns events into notifications. user-followed gives the followee "X followed you"; yubl-posted gives each
 * existing user it mentions "X mentioned you" (usernames resolved exactly through the usernames table, which
 * user-joined and user-profile-updated keep); user-unfollowed and yubl-deleted withdraw what they caused while it is
 * unread. Each change is idempotent (a redelivered event finds its contribution already there, or already gone), and
 * each one written is handed to push, which sends it to the user's open WebSockets.
 */
public final class Notify {
    private final NotificationRepository notifications;
    private final Usernames usernames;
    private final NotificationPushes pushes;

    public Notify(NotificationRepository notifications, Usernames usernames, NotificationPushes pushes) {
        this.notifications = notifications;
        this.usernames = usernames;
        this.pushes = pushes;
    }

    public static Notify fromEnvironment() {
        DynamoDbClient dynamodb = Dynamo.client();
        return new Notify(
                NotificationRepository.fromEnvironment(dynamodb),
                Usernames.fromEnvironment(dynamodb),
                new NotificationPushes(
                        Clients.build(SqsClient.builder()), Environment.required("NOTIFICATION_PUSH_QUEUE_URL")));
    }

    /** The events it takes, and what it does with each. */
    public EventRoutes routes() {
        return EventRoutes.on(
                        UserJoined.class,
                        (joined, event) -> usernames.claim(
                                joined.userId(),
                                joined.username(),
                                joined.email(),
                                Boolean.TRUE.equals(joined.emailDigests()),
                                event.occurredAt()))
                .and(
                        UserProfileUpdated.class,
                        (updated, event) -> usernames.claim(
                                updated.userId(),
                                updated.username(),
                                updated.email(),
                                Boolean.TRUE.equals(updated.emailDigests()),
                                event.occurredAt()))
                .and(
                        UserFollowed.class,
                        (followed, event) -> add(
                                followed.followeeId(),
                                NotificationKind.FOLLOWED,
                                actor(followed.followerId(), null, event.occurredAt())))
                .and(
                        UserUnfollowed.class,
                        (unfollowed, event) -> withdraw(
                                Set.of(unfollowed.followeeId()),
                                NotificationKind.FOLLOWED,
                                a -> a.userId().equals(unfollowed.followerId()) && a.yublId() == null))
                .and(YublPosted.class, (posted, event) -> mention(posted))
                .and(YublDeleted.class, (deleted, event) -> unmention(deleted));
    }

    private void unmention(YublDeleted deleted) {
        withdraw(
                notifications.mentionsIn(deleted.authorId(), deleted.yublId()),
                NotificationKind.MENTIONED,
                a -> deleted.yublId().equals(a.yublId()));
        notifications.forgetMentions(deleted.authorId(), deleted.yublId());
    }

    private void mention(YublPosted posted) {
        Set<String> candidates = Mentions.in(posted.text());
        if (candidates.isEmpty()) {
            return;
        }
        Set<String> mentioned =
                new LinkedHashSet<>(usernames.resolve(candidates).values());
        mentioned.remove(posted.authorId());
        Metrics.count("MentionsResolved", mentioned.size());
        if (mentioned.isEmpty()) {
            return;
        }
        // recorded first: a yubl-deleted that follows finds every user this yubl may have notified
        notifications.recordMentions(posted.authorId(), posted.yublId(), mentioned);
        Actor author = actor(posted.authorId(), posted.yublId(), posted.postedAt());
        mentioned.forEach(userId -> add(userId, NotificationKind.MENTIONED, author));
    }

    private Actor actor(String userId, String yublId, Instant at) {
        return new Actor(userId, usernames.usernameOf(userId).orElse(null), yublId, at);
    }

    private void add(String userId, NotificationKind kind, Actor actor) {
        Instant now = notifications.now();
        String id = Notification.id(kind, actor.at());
        boolean added = notifications.change(
                userId,
                id,
                current -> Optional.of(current.map(n -> n.with(actor, now).orElse(n))
                        .orElseGet(() -> Notification.first(userId, kind, actor, now))));
        if (added) {
            pushes.changed(userId, id);
        }
        Metrics.count("NotificationsAdded", added ? 1 : 0);
    }

    private void withdraw(Set<String> userIds, NotificationKind kind, Predicate<Actor> contribution) {
        int withdrawn = 0;
        for (String userId : userIds) {
            for (String id : notifications.idsOfKind(userId, kind)) {
                if (notifications.change(
                        userId,
                        id,
                        current -> current.map(n -> n.without(contribution).orElse(n)))) {
                    pushes.changed(userId, id);
                    withdrawn++;
                }
            }
        }
        Metrics.count("NotificationsWithdrawn", withdrawn);
    }
}
