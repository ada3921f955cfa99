package io.yubl.processors.distribute;

import io.yubl.contracts.EventEnvelope;
import io.yubl.contracts.FeedFanoutMessage;
import io.yubl.contracts.YublPosted;
import io.yubl.middleware.Clients;
import io.yubl.middleware.Environment;
import io.yubl.middleware.Metrics;
import io.yubl.middleware.RetryPolicy;
import io.yubl.stores.Dynamo;
import io.yubl.stores.Page;
import io.yubl.stores.Yubl;
import io.yubl.stores.YublRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sns.SnsClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * distribute-yubl: for a posted yubl, asks the relationship API for the author's followers page by page, groups them
 * (and the author) into batches, and publishes one fan-out message per batch, ten to a PublishBatch call. It first
 * makes sure the yubl is in the yubls table (store-yubl does the same; the put is idempotent), so that no feed ever
 * holds a yubl the feed API cannot hydrate yet; the stored version (the first, if the same yubl was posted twice) is
 * the one fanned out, so its feed items keep one key. A yubl already deleted is not distributed at all.
 */
public final class DistributeYubl {
    private static final Logger LOG = LoggerFactory.getLogger(DistributeYubl.class);

    private final YublRepository yubls;
    private final RelationshipClient relationships;
    private final FanoutPublisher publisher;
    private final int batchSize;
    private final int pageSize;

    public DistributeYubl(YublRepository yubls, RelationshipClient relationships, FanoutPublisher publisher, int batchSize, int pageSize) {
        this.yubls = yubls;
        this.relationships = relationships;
        this.publisher = publisher;
        this.batchSize = batchSize;
        this.pageSize = pageSize;
    }

    public static DistributeYubl fromEnvironment() {
        return new DistributeYubl(YublRepository.fromEnvironment(Dynamo.client()), RelationshipClient.fromEnvironment(),
                new FanoutPublisher(Clients.build(SnsClient.builder()), Environment.required("FEED_FANOUT_TOPIC_ARN"), RetryPolicy.DEFAULT),
                Environment.integer("FANOUT_BATCH_SIZE", 100), Environment.integer("FOLLOWERS_PAGE_SIZE", 100));
    }

    public void process(EventEnvelope event) {
        YublPosted posted = (YublPosted) event.payload();
        Optional<Yubl> stored = yubls.putIfAbsent(new Yubl(posted.yublId(), posted.authorId(), posted.text(), posted.postedAt()));
        if (stored.isEmpty()) {
            Metrics.count("DeletedYublsNotDistributed", 1);
            LOG.atInfo().addKeyValue("yublId", posted.yublId()).log("yubl deleted before it was distributed; skipped");
            return;
        }
        Yubl yubl = stored.get();
        String[] cursor = {null};
        boolean[] done = {false};
        FollowerBatches batches = new FollowerBatches(yubl.authorId(), () -> {
            if (done[0]) {
                return null;
            }
            Page<String> page = relationships.followers(yubl.authorId(), pageSize, cursor[0]);
            cursor[0] = page.nextCursor();
            done[0] = cursor[0] == null;
            return page.items();
        }, batchSize);
        List<FeedFanoutMessage> pending = new ArrayList<>(FanoutPublisher.MAX_PER_CALL);
        int recipients = 0;
        for (List<String> batch : batches) {
            pending.add(new FeedFanoutMessage(yubl.yublId(), yubl.authorId(), yubl.postedAt(), batch));
            recipients += batch.size();
            if (pending.size() == FanoutPublisher.MAX_PER_CALL) {
                publisher.publish(pending);
                pending.clear();
            }
        }
        if (!pending.isEmpty()) {
            publisher.publish(pending);
        }
        Metrics.count("FanoutRecipients", recipients);
        LOG.atInfo().addKeyValue("yublId", yubl.yublId()).addKeyValue("authorId", yubl.authorId())
                .addKeyValue("recipients", recipients).log("yubl distributed");
    }
}
