package io.yubl.contracts;

/** Keyed by the follower, so that a follow and a later unfollow of the same pair stay in order on one shard. */
public record UserFollowed(String followerId, String followeeId) implements EventPayload {
    @Override
    public String partitionKey() {
        return followerId;
    }
}
