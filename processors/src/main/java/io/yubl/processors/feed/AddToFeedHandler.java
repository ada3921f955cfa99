package io.yubl.processors.feed;

import io.yubl.contracts.Contracts;
import io.yubl.contracts.FeedFanoutMessage;
import io.yubl.middleware.SqsDeadLetters;
import io.yubl.middleware.SqsMessageHandler;
import io.yubl.runtime.Environment;

/**
 * add-to-feed on Lambda: SQS queue subscribed to the feed-fanout topic (SNS envelope delivery); the messages of a batch
 * are written {@code ADD_TO_FEED_PARALLELISM} (default 4) at a time.
 */
public class AddToFeedHandler extends SqsMessageHandler<FeedFanoutMessage> {
    private static final AddToFeed ADD_TO_FEED = AddToFeed.fromEnvironment();

    public AddToFeedHandler() {
        super(
                Contracts::decodeFanout,
                ADD_TO_FEED::process,
                SqsDeadLetters.fromEnvironment("ADD_TO_FEED_DLQ_URL"),
                Environment.integer("ADD_TO_FEED_PARALLELISM", 4));
    }
}
