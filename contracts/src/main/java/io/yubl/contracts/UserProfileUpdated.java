package io.yubl.contracts;

/** The whole profile as it now stands (not a patch), so that the latest event alone rebuilds the search document. */
public record UserProfileUpdated(String userId, String username, String firstName, String lastName) implements EventPayload {
    @Override
    public String partitionKey() {
        return userId;
    }
}
