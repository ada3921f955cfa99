package io.yubl.stores.users;

import io.yubl.contracts.RetryPolicy;
import io.yubl.runtime.Environment;
import io.yubl.stores.BatchReader;
import io.yubl.stores.SortableTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Who has which username, exactly (not through the search index, which is analysed, fuzzy and refreshed once a
 * second): {@code username#<name in lower case>} gives the user id, {@code user#<id>} the current username (and the
 * user's email and digest opt-in, if they gave them). Written
 * from user-joined and user-profile-updated events, versioned by event time: a stale event changes nothing, a renamed
 * user's old name is released, and when two users claim one name the later claim holds it.
 */
public final class Usernames {
    private final DynamoDbClient dynamodb;
    private final String table;
    private final BatchReader reader;

    public Usernames(DynamoDbClient dynamodb, String table) {
        this.dynamodb = dynamodb;
        this.table = table;
        this.reader = new BatchReader(dynamodb, RetryPolicy.DEFAULT);
    }

    public static Usernames fromEnvironment(DynamoDbClient dynamodb) {
        return new Usernames(dynamodb, Environment.required("USERNAMES_TABLE"));
    }

    /** Records that the user has this username since {@code at}; false if a newer event is already recorded. */
    public boolean claim(String userId, String username, Instant at) {
        return claim(userId, username, null, false, at);
    }

    /**
     * As {@link #claim(String, String, Instant)}, with the user's email and whether they want email digests (kept on
     * their {@code user#} item, replaced whole by each newer event).
     */
    public boolean claim(String userId, String username, String email, boolean emailDigests, Instant at) {
        Map<String, AttributeValue> user = dynamodb.getItem(
                        r -> r.tableName(table).key(key("user#" + userId)).consistentRead(true))
                .item();
        if (user != null
                && !user.isEmpty()
                && SortableTime.parse(user.get("updatedAt").s()).isAfter(at)) {
            return false;
        }
        if (user != null && !user.isEmpty() && !fold(user.get("username").s()).equals(fold(username))) {
            try {
                dynamodb.deleteItem(r -> r.tableName(table)
                        .key(key("username#" + fold(user.get("username").s())))
                        .conditionExpression("userId = :id")
                        .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(userId))));
            } catch (ConditionalCheckFailedException e) {
                // someone else holds that name now
            }
        }
        putIfNotNewer("username#" + fold(username), Map.of("userId", AttributeValue.fromS(userId)), at);
        Map<String, AttributeValue> profile = new HashMap<>(Map.of("username", AttributeValue.fromS(username)));
        if (email != null) {
            profile.put("email", AttributeValue.fromS(email));
            profile.put("emailDigests", AttributeValue.fromBool(emailDigests));
        }
        putIfNotNewer("user#" + userId, profile, at);
        return true;
    }

    /** A user who wants email digests, and where they go. */
    public record DigestRecipient(String userId, String email) {}

    /**
     * Every user who wants email digests. A scan of the table, filtered: fine for the reference implementation's
     * scale (one read of the table an hour); past a few million users, a sparse index on the opt-in would replace it.
     */
    public List<DigestRecipient> digestRecipients() {
        List<DigestRecipient> recipients = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = dynamodb.scan(r -> r.tableName(table)
                    .filterExpression("begins_with(#n, :user) AND emailDigests = :yes")
                    .expressionAttributeNames(Map.of("#n", "name"))
                    .expressionAttributeValues(
                            Map.of(":user", AttributeValue.fromS("user#"), ":yes", AttributeValue.fromBool(true)))
                    .exclusiveStartKey(from));
            page.items()
                    .forEach(i -> recipients.add(new DigestRecipient(
                            i.get("name").s().substring("user#".length()),
                            i.get("email").s())));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return recipients;
    }

    /** The ids of the users holding these usernames (any case); names nobody holds are absent. */
    public Map<String, String> resolve(Collection<String> usernames) {
        List<Map<String, AttributeValue>> keys = usernames.stream()
                .map(Usernames::fold)
                .distinct()
                .map(u -> key("username#" + u))
                .toList();
        Map<String, String> found = new HashMap<>();
        for (Map<String, AttributeValue> item : reader.read(table, keys, false)) {
            found.put(
                    item.get("name").s().substring("username#".length()),
                    item.get("userId").s());
        }
        return found;
    }

    public Optional<String> usernameOf(String userId) {
        Map<String, AttributeValue> item = dynamodb.getItem(
                        r -> r.tableName(table).key(key("user#" + userId)))
                .item();
        return item == null || item.isEmpty()
                ? Optional.empty()
                : Optional.of(item.get("username").s());
    }

    public static String fold(String username) {
        return username.toLowerCase(Locale.ROOT);
    }

    private void putIfNotNewer(String name, Map<String, AttributeValue> attributes, Instant at) {
        Map<String, AttributeValue> item = new HashMap<>(attributes);
        item.put("name", AttributeValue.fromS(name));
        item.put("updatedAt", AttributeValue.fromS(SortableTime.format(at)));
        try {
            dynamodb.putItem(r -> r.tableName(table)
                    .item(item)
                    .conditionExpression("attribute_not_exists(#n) OR updatedAt <= :t")
                    .expressionAttributeNames(Map.of("#n", "name"))
                    .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(SortableTime.format(at)))));
        } catch (ConditionalCheckFailedException e) {
            // a newer claim holds it
        }
    }

    private static Map<String, AttributeValue> key(String name) {
        return Map.of("name", AttributeValue.fromS(name));
    }
}
