package io.yubl.contracts;

public record UserUnfollowed(String followerId, String followeeId) implements EventPayload {
    @Override
    public String partitionKey() {
        return followerId;
    }
}
