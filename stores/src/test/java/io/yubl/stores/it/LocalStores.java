package io.yubl.stores.it;

import io.yubl.contracts.RetryPolicy;
import io.yubl.localcloud.client.RunningPipeline;
import io.yubl.stores.BatchWriter;
import io.yubl.stores.Cursors;
import io.yubl.stores.FeedEntry;
import io.yubl.stores.FeedRepository;
import io.yubl.stores.RelationshipPages;
import io.yubl.stores.RelationshipRepository;
import io.yubl.stores.YublRepository;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ForkJoinPool;

/**
 * The running local cloud's stores, read by integration tests through the repositories the functions use: feeds,
 * yubls and relationships, on the tables bin/run provisioned. The modules whose tests see what the pipeline wrote
 * (processors, apis, operations, the host) take it from this module's test jar.
 */
public final class LocalStores {
    private static LocalStores shared;

    /** One for all the test classes of a run, on {@link RunningPipeline#shared()}'s DynamoDB client. */
    public static synchronized LocalStores shared() {
        if (shared == null) {
            shared = new LocalStores(RunningPipeline.shared());
        }
        return shared;
    }

    public final FeedRepository feeds;
    public final YublRepository yubls;
    public final RelationshipRepository relationships;
    public final RelationshipPages relationshipPages;

    private LocalStores(RunningPipeline pipeline) {
        feeds = new FeedRepository(
                pipeline.dynamodb, pipeline.ref("FeedsTable"), new BatchWriter(pipeline.dynamodb, RetryPolicy.DEFAULT));
        yubls = new YublRepository(pipeline.dynamodb, pipeline.ref("YublsTable"));
        relationships = new RelationshipRepository(pipeline.dynamodb, pipeline.ref("RelationshipsTable"));
        relationshipPages = new RelationshipPages(
                pipeline.dynamodb, pipeline.ref("RelationshipsTable"), new Cursors("local-development-cursor-secret"));
    }

    /** A Given: the followee followed by each of these users at {@code at}, written by 8 writers side by side. */
    public void followedBy(String followee, List<String> followers, Instant at) throws Exception {
        ForkJoinPool writers = new ForkJoinPool(8);
        try {
            writers.submit(() -> followers.parallelStream().forEach(f -> relationships.follow(f, followee, at)))
                    .get();
        } finally {
            writers.shutdown();
        }
    }

    /** How many entries of this yubl the user's feed holds. */
    public long copiesInFeed(String userId, String yublId) {
        return feeds.entries(userId).stream()
                .filter(e -> e.yublId().equals(yublId))
                .count();
    }

    public List<String> feedYubls(String userId) {
        return feeds.entries(userId).stream().map(FeedEntry::yublId).toList();
    }
}
