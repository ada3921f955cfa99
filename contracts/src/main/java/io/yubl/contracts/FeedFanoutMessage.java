package io.yubl.contracts;

import java.time.Instant;
import java.util.List;

/**
 * One SNS message of the fan-out: a yubl and one batch of the followers whose feeds it goes into. Correlation ids
 * travel beside it as SNS message attributes, not in the body.
 */
public record FeedFanoutMessage(String yublId, String authorId, Instant postedAt, List<String> followerIds) {
    public FeedFanoutMessage {
        followerIds = followerIds == null ? null : List.copyOf(followerIds);
    }
}
