package io.yubl.contracts;

import java.time.Instant;

/**
 * The rest of a yubl's fan-out, handed on when one invocation has spent its budget of follower pages: the yubl, the
 * relationship API's cursor to the next page of the author's followers, and how many pages are done (which names the
 * step, so that the same step sent twice is one message). Correlation ids travel beside it as SQS message attributes.
 */
public record FanoutContinuation(
        String yublId, String authorId, Instant postedAt, String followersCursor, int pagesDone) {}
