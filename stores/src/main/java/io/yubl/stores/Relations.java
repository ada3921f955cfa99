package io.yubl.stores;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The shape of the relationships table's items, shared by {@link RelationshipRepository}, {@link RelationshipPages}
 * and {@link FollowChecks}; a class of its own so that a function that writes or checks relationships does not carry
 * the listings' cursors and, with them, the Secrets Manager client.
 */
final class Relations {
    static final String FOLLOWING = "following#";
    static final String FOLLOWER = "follower#";
    /** Under the followee: this user unfollowed at {@code updatedAt} ({@link FollowChecks#unfollowedSinceListed}). */
    static final String UNFOLLOWED = "unfollowed#";

    private Relations() {}

    /** The key of the item that says whether the follower follows the followee. */
    static Map<String, AttributeValue> followingKey(String followerId, String followeeId) {
        return Map.of(
                "userId", AttributeValue.fromS(followerId), "relation", AttributeValue.fromS(FOLLOWING + followeeId));
    }

    static boolean isActive(Map<String, AttributeValue> item) {
        return item != null
                && "active"
                        .equals(item.getOrDefault("state", AttributeValue.fromS(""))
                                .s());
    }
}
