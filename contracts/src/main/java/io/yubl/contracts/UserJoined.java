package io.yubl.contracts;

public record UserJoined(String userId, String username, String firstName, String lastName) implements EventPayload {
    @Override
    public String partitionKey() {
        return userId;
    }
}
