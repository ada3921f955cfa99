package io.yubl.contracts;

/**
 * The body of a domain event. Each payload knows the aggregate it belongs to: that id is the Kinesis partition key,
 * so every event of one aggregate lands on one shard, in order.
 */
public sealed interface EventPayload
        permits UserJoined, UserProfileUpdated, UserFollowed, UserUnfollowed, YublPosted, YublDeleted {

    /** The aggregate's id: the user for user and relationship events, the author for yubl events. */
    String partitionKey();
}
