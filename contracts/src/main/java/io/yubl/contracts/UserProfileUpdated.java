package io.yubl.contracts;

/**
 * The whole profile as it now stands (not a patch), so that the latest event alone rebuilds the search document and
 * the digest settings: no {@code email} means none, no {@code emailDigests} means no digests.
 */
public record UserProfileUpdated(
        String userId, String username, String firstName, String lastName, String email, Boolean emailDigests)
        implements EventPayload {
    public UserProfileUpdated(String userId, String username, String firstName, String lastName) {
        this(userId, username, firstName, lastName, null, null);
    }

    @Override
    public String partitionKey() {
        return userId;
    }
}
