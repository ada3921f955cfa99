package io.yubl.contracts;

/**
 * A user joined. {@code email} and {@code emailDigests} (whether they want email digests of their unread
 * notifications) are optional: added in version 1 without a new version, since readers skip what they do not know.
 */
public record UserJoined(
        String userId, String username, String firstName, String lastName, String email, Boolean emailDigests)
        implements EventPayload {
    public UserJoined(String userId, String username, String firstName, String lastName) {
        this(userId, username, firstName, lastName, null, null);
    }

    @Override
    public String partitionKey() {
        return userId;
    }
}
