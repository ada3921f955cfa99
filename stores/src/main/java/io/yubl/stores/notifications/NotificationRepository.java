package io.yubl.stores.notifications;

import io.yubl.contracts.RetryPolicy;
import io.yubl.runtime.Environment;
import io.yubl.stores.Positions;
import io.yubl.stores.SortableTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * Users' notification feeds in DynamoDB, one item per {@link Notification} (key: userId, notificationId), newest
 * first through the local index {@code byRecency} (userId, latestKey). Every change is a read, a change in plain Java
 * and a write conditional on the item's version, again on a conflict: concurrent updates are never lost, so the
 * counts, which are counted from the items themselves (strongly consistent), are exact. Seen is a per-user watermark
 * on latestKey; read is a flag per item. Items expire {@code NOTIFICATION_RETENTION_DAYS} (default 30) after their
 * latest activity: DynamoDB's TTL deletes them within days, and until then every read treats them as absent.
 */
public final class NotificationRepository {
    public static final String BY_RECENCY = "byRecency";
    private static final String SEEN = "~seen";
    private static final String MENTIONS = "~mentions#";
    private static final RetryPolicy CONFLICTS = new RetryPolicy(30, Duration.ofMillis(5), Duration.ofMillis(500));

    private final DynamoDbClient dynamodb;
    private final String table;
    private final Duration retention;
    private final Clock clock;

    public NotificationRepository(DynamoDbClient dynamodb, String table, Duration retention, Clock clock) {
        this.dynamodb = dynamodb;
        this.table = table;
        this.retention = retention;
        this.clock = clock;
    }

    public static NotificationRepository fromEnvironment(DynamoDbClient dynamodb) {
        return new NotificationRepository(
                dynamodb,
                Environment.required("NOTIFICATIONS_TABLE"),
                Duration.ofDays(Environment.integer("NOTIFICATION_RETENTION_DAYS", 30)),
                Clock.systemUTC());
    }

    public Instant now() {
        return clock.instant();
    }

    /**
     * Applies a change to one item: the change gets the item as it stands (empty if absent or expired) and returns it
     * as it should be; an item left with no contribution is deleted. Returns whether anything was written.
     */
    public boolean change(String userId, String id, UnaryOperator<Optional<Notification>> change) {
        for (int attempt = 1; ; attempt++) {
            Map<String, AttributeValue> item = dynamodb.getItem(
                            r -> r.tableName(table).key(key(userId, id)).consistentRead(true))
                    .item();
            boolean stored = item != null && !item.isEmpty();
            long version = stored ? Long.parseLong(item.get("version").n()) : 0;
            Optional<Notification> current = stored && !expired(item) ? Optional.of(decode(item)) : Optional.empty();
            Optional<Notification> next = change.apply(current);
            if (next.equals(current) || (next.isEmpty() && !stored)) {
                return false;
            }
            try {
                if (next.isEmpty() || next.get().count() == 0) {
                    dynamodb.deleteItem(r -> r.tableName(table)
                            .key(key(userId, id))
                            .conditionExpression("version = :v")
                            .expressionAttributeValues(Map.of(":v", number(version))));
                } else {
                    put(next.get(), version, item == null ? null : item.get("digestedKey"));
                }
                return true;
            } catch (ConditionalCheckFailedException e) {
                if (attempt >= CONFLICTS.maxAttempts()) {
                    throw new IllegalStateException(
                            "notification " + id + " of " + userId + " was changed by another " + "writer on each of "
                                    + attempt + " attempts",
                            e);
                }
                CONFLICTS.pause(attempt);
            }
        }
    }

    /** The ids of the user's current items of this kind (at most one a day of retention). */
    public List<String> idsOfKind(String userId, NotificationKind kind) {
        QueryRequest query = QueryRequest.builder()
                .tableName(table)
                .consistentRead(true)
                .keyConditionExpression("userId = :u AND begins_with(notificationId, :k)")
                .filterExpression("expiresAt > :now")
                .projectionExpression("notificationId")
                .expressionAttributeValues(Map.of(
                        ":u",
                        AttributeValue.fromS(userId),
                        ":k",
                        AttributeValue.fromS(kind.wireName() + "-"),
                        ":now",
                        epochSeconds(now())))
                .build();
        List<String> ids = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse page =
                    dynamodb.query(query.toBuilder().exclusiveStartKey(start).build());
            page.items().forEach(i -> ids.add(i.get("notificationId").s()));
            start = Positions.after(page);
        } while (start != null);
        return ids;
    }

    /** One page of the user's notifications, newest activity first, from where the previous page ended. */
    public NotificationPage page(String userId, int limit, Map<String, AttributeValue> after) {
        QueryResponse page = dynamodb.query(q -> q.tableName(table)
                .indexName(BY_RECENCY)
                .consistentRead(true)
                .keyConditionExpression("userId = :u")
                .expressionAttributeValues(Map.of(":u", AttributeValue.fromS(userId)))
                .scanIndexForward(false)
                .limit(limit)
                .exclusiveStartKey(after));
        List<Notification> items = page.items().stream()
                .filter(i -> !expired(i))
                .map(NotificationRepository::decode)
                .toList();
        return new NotificationPage(items, Positions.after(page), seenUpTo(userId));
    }

    /** A page of notifications, the position after it (null on the last page), and the user's seen watermark. */
    public record NotificationPage(List<Notification> items, Map<String, AttributeValue> after, String seenUpTo) {
        public boolean seen(Notification notification) {
            return NotificationRepository.seen(notification, seenUpTo);
        }
    }

    /** The notification as it stands; empty if absent or expired. */
    public Optional<Notification> get(String userId, String id) {
        Map<String, AttributeValue> item = dynamodb.getItem(
                        r -> r.tableName(table).key(key(userId, id)).consistentRead(true))
                .item();
        return item == null || item.isEmpty() || expired(item) ? Optional.empty() : Optional.of(decode(item));
    }

    /** Whether a notification as it stands is not newer than the user's seen watermark ({@link #seenUpTo}). */
    public static boolean seen(Notification notification, String seenUpTo) {
        return seenUpTo != null && latestKey(notification).compareTo(seenUpTo) <= 0;
    }

    /** How many of the user's notifications are unseen (newer than the watermark) and unread, counted exactly. */
    public Counts counts(String userId) {
        return counts(userId, seenUpTo(userId));
    }

    /** As {@link #counts(String)}, with the watermark the caller has already read. */
    public Counts counts(String userId, String watermark) {
        Map<String, AttributeValue> values =
                new HashMap<>(Map.of(":u", AttributeValue.fromS(userId), ":now", epochSeconds(now())));
        if (watermark != null) {
            values.put(":w", AttributeValue.fromS(watermark));
        }
        long unseen = count(QueryRequest.builder()
                .tableName(table)
                .indexName(BY_RECENCY)
                .consistentRead(true)
                .keyConditionExpression(watermark == null ? "userId = :u" : "userId = :u AND latestKey > :w")
                .filterExpression("expiresAt > :now")
                .expressionAttributeValues(values)
                .select(Select.COUNT)
                .build());
        Map<String, AttributeValue> unreadValues = new HashMap<>(Map.of(
                ":u", AttributeValue.fromS(userId), ":now", epochSeconds(now()), ":f", AttributeValue.fromBool(false)));
        long unread = count(QueryRequest.builder()
                .tableName(table)
                .consistentRead(true)
                .keyConditionExpression("userId = :u")
                .filterExpression("isRead = :f AND expiresAt > :now")
                .expressionAttributeValues(unreadValues)
                .select(Select.COUNT)
                .build());
        return new Counts(unseen, unread);
    }

    public record Counts(long unseen, long unread) {}

    /** Marks everything the user has now as seen: the watermark moves to their newest item (never back). */
    public void markSeen(String userId) {
        List<Map<String, AttributeValue>> newest = dynamodb.query(q -> q.tableName(table)
                        .indexName(BY_RECENCY)
                        .consistentRead(true)
                        .keyConditionExpression("userId = :u")
                        .expressionAttributeValues(Map.of(":u", AttributeValue.fromS(userId)))
                        .scanIndexForward(false)
                        .limit(1))
                .items();
        if (newest.isEmpty()) {
            return;
        }
        AttributeValue watermark = newest.get(0).get("latestKey");
        try {
            dynamodb.updateItem(r -> r.tableName(table)
                    .key(key(userId, SEEN))
                    .updateExpression("SET seenUpTo = :w")
                    .conditionExpression("attribute_not_exists(seenUpTo) OR seenUpTo < :w")
                    .expressionAttributeValues(Map.of(":w", watermark)));
        } catch (ConditionalCheckFailedException e) {
            // the watermark is already there or beyond: nothing to do
        }
    }

    /** Marks one notification read; false if the user has no such (current) notification. */
    public boolean markRead(String userId, String id) {
        try {
            dynamodb.updateItem(r -> r.tableName(table)
                    .key(key(userId, id))
                    .updateExpression("SET isRead = :t, version = version + :one")
                    .conditionExpression("attribute_exists(latestKey) AND expiresAt > :now")
                    .expressionAttributeValues(Map.of(
                            ":t", AttributeValue.fromBool(true), ":one", number(1), ":now", epochSeconds(now()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * The user's unread notifications whose latest activity is at or before {@code cutoff} and which no digest has
     * sent as they now stand (a digest marks the latestKey it sent; new activity moves latestKey on).
     */
    public List<Notification> dueForDigest(String userId, Instant cutoff) {
        QueryRequest query = QueryRequest.builder()
                .tableName(table)
                .consistentRead(true)
                .keyConditionExpression("userId = :u")
                .filterExpression("isRead = :f AND latestAt <= :cutoff AND expiresAt > :now"
                        + " AND (attribute_not_exists(digestedKey) OR digestedKey <> latestKey)")
                .expressionAttributeValues(Map.of(
                        ":u",
                        AttributeValue.fromS(userId),
                        ":f",
                        AttributeValue.fromBool(false),
                        ":cutoff",
                        AttributeValue.fromS(SortableTime.format(cutoff)),
                        ":now",
                        epochSeconds(now())))
                .build();
        List<Notification> due = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse page =
                    dynamodb.query(query.toBuilder().exclusiveStartKey(start).build());
            page.items().forEach(i -> due.add(decode(i)));
            start = Positions.after(page);
        } while (start != null);
        return due;
    }

    /**
     * Claims the notification, as it stands, for one digest: true for exactly one caller however many runs race, and
     * false once any digest has claimed it (or it changed since it was read). Claimed before the email is sent, so
     * that no notification is ever sent twice; {@link #releaseDigest} gives it back if the email could not be sent.
     */
    public boolean claimForDigest(Notification notification) {
        try {
            dynamodb.updateItem(r -> r.tableName(table)
                    .key(key(notification.userId(), notification.id()))
                    .updateExpression("SET digestedKey = :k, version = version + :one")
                    .conditionExpression("latestKey = :k AND (attribute_not_exists(digestedKey) OR digestedKey <> :k)")
                    .expressionAttributeValues(
                            Map.of(":k", AttributeValue.fromS(latestKey(notification)), ":one", number(1))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    public void releaseDigest(Notification notification) {
        try {
            dynamodb.updateItem(r -> r.tableName(table)
                    .key(key(notification.userId(), notification.id()))
                    .updateExpression("REMOVE digestedKey SET version = version + :one")
                    .conditionExpression("digestedKey = :k")
                    .expressionAttributeValues(
                            Map.of(":k", AttributeValue.fromS(latestKey(notification)), ":one", number(1))));
        } catch (ConditionalCheckFailedException e) {
            // changed since: nothing of ours to give back
        }
    }

    /**
     * Remembers whom a yubl mentioned (on its author's partition), so that deleting it can withdraw those
     * notifications.
     */
    public void recordMentions(String authorId, String yublId, Set<String> mentioned) {
        dynamodb.putItem(r -> r.tableName(table)
                .item(Map.of(
                        "userId", AttributeValue.fromS(authorId),
                        "notificationId", AttributeValue.fromS(MENTIONS + yublId),
                        "mentioned", AttributeValue.fromSs(List.copyOf(mentioned)),
                        "expiresAt", epochSeconds(now().plus(retention)))));
    }

    public Set<String> mentionsIn(String authorId, String yublId) {
        Map<String, AttributeValue> item = dynamodb.getItem(r ->
                        r.tableName(table).key(key(authorId, MENTIONS + yublId)).consistentRead(true))
                .item();
        return item == null || item.isEmpty()
                ? Set.of()
                : new HashSet<>(item.get("mentioned").ss());
    }

    public void forgetMentions(String authorId, String yublId) {
        dynamodb.deleteItem(r -> r.tableName(table).key(key(authorId, MENTIONS + yublId)));
    }

    static String latestKey(Notification notification) {
        return SortableTime.format(notification.latestAt()) + "#" + notification.id();
    }

    /** The user's seen watermark: the latestKey of the newest notification they had when they last marked all seen. */
    public String seenUpTo(String userId) {
        Map<String, AttributeValue> item = dynamodb.getItem(
                        r -> r.tableName(table).key(key(userId, SEEN)).consistentRead(true))
                .item();
        return item == null || !item.containsKey("seenUpTo")
                ? null
                : item.get("seenUpTo").s();
    }

    private long count(QueryRequest request) {
        long count = 0;
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse page =
                    dynamodb.query(request.toBuilder().exclusiveStartKey(start).build());
            count += page.count();
            start = Positions.after(page);
        } while (start != null);
        return count;
    }

    private void put(Notification n, long version, AttributeValue digestedKey) {
        Map<String, AttributeValue> item = new HashMap<>();
        if (digestedKey != null) {
            item.put("digestedKey", digestedKey);
        }
        item.put("userId", AttributeValue.fromS(n.userId()));
        item.put("notificationId", AttributeValue.fromS(n.id()));
        item.put("kind", AttributeValue.fromS(n.kind().wireName()));
        item.put(
                "actors",
                AttributeValue.fromL(
                        n.actors().stream().map(NotificationRepository::actor).toList()));
        item.put("overflow", number(n.overflow()));
        item.put("latestAt", AttributeValue.fromS(SortableTime.format(n.latestAt())));
        item.put("latestKey", AttributeValue.fromS(latestKey(n)));
        item.put("isRead", AttributeValue.fromBool(n.read()));
        item.put("version", number(version + 1));
        item.put("expiresAt", epochSeconds(n.latestAt().plus(retention)));
        if (version == 0) {
            dynamodb.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(userId)"));
        } else {
            dynamodb.putItem(r -> r.tableName(table)
                    .item(item)
                    .conditionExpression("version = :v")
                    .expressionAttributeValues(Map.of(":v", number(version))));
        }
    }

    private static AttributeValue actor(Notification.Actor actor) {
        Map<String, AttributeValue> map = new HashMap<>();
        map.put("userId", AttributeValue.fromS(actor.userId()));
        map.put("at", AttributeValue.fromS(SortableTime.format(actor.at())));
        if (actor.username() != null) {
            map.put("username", AttributeValue.fromS(actor.username()));
        }
        if (actor.yublId() != null) {
            map.put("yublId", AttributeValue.fromS(actor.yublId()));
        }
        return AttributeValue.fromM(map);
    }

    private static Notification decode(Map<String, AttributeValue> item) {
        List<Notification.Actor> actors = item.get("actors").l().stream()
                .map(AttributeValue::m)
                .map(m -> new Notification.Actor(
                        m.get("userId").s(),
                        text(m.get("username")),
                        text(m.get("yublId")),
                        SortableTime.parse(m.get("at").s())))
                .toList();
        return new Notification(
                item.get("userId").s(),
                item.get("notificationId").s(),
                NotificationKind.of(item.get("kind").s()).orElseThrow(),
                actors,
                Integer.parseInt(item.get("overflow").n()),
                SortableTime.parse(item.get("latestAt").s()),
                item.get("isRead").bool());
    }

    private boolean expired(Map<String, AttributeValue> item) {
        return item.containsKey("expiresAt")
                && Long.parseLong(item.get("expiresAt").n()) <= now().getEpochSecond();
    }

    private static String text(AttributeValue value) {
        return value == null ? null : value.s();
    }

    private static Map<String, AttributeValue> key(String userId, String id) {
        return Map.of("userId", AttributeValue.fromS(userId), "notificationId", AttributeValue.fromS(id));
    }

    private static AttributeValue number(long n) {
        return AttributeValue.fromN(Long.toString(n));
    }

    private static AttributeValue epochSeconds(Instant instant) {
        return AttributeValue.fromN(Long.toString(instant.getEpochSecond()));
    }
}
