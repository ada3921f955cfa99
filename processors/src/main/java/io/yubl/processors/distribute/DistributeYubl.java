package io.yubl.processors.distribute;

import io.yubl.contracts.FanoutContinuation;
import io.yubl.contracts.FeedFanoutMessage;
import io.yubl.contracts.RetryPolicy;
import io.yubl.contracts.YublPosted;
import io.yubl.middleware.EventRoutes;
import io.yubl.runtime.Clients;
import io.yubl.runtime.Environment;
import io.yubl.runtime.Metrics;
import io.yubl.stores.Dynamo;
import io.yubl.stores.IdRange;
import io.yubl.stores.Page;
import io.yubl.stores.Yubl;
import io.yubl.stores.YublRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * distribute-yubl: for a posted yubl, asks the relationship API for the author's followers page by page, groups them
 * (and the author) into batches, and publishes one fan-out message per batch, ten to a PublishBatch call. It first
 * makes sure the yubl is in the yubls table (store-yubl does the same; the put is idempotent), so that no feed ever
 * holds a yubl the feed API cannot hydrate yet; the stored version (the first, if the same yubl was posted twice) is
 * the one fanned out, so its feed items keep one key. A yubl already deleted is not distributed at all.
 * <p>
 * No invocation does unbounded work: one reads at most {@code pagesPerInvocation} pages of followers, publishes
 * their batches, and then hands the rest on as a {@link FanoutContinuation} (continue-fanout runs {@link #resume}
 * with it). The continuation is sent after the batches, so a crash before it repeats those batches (add-to-feed is
 * idempotent) and never skips one.
 * <p>
 * A walk reads one page after another, so with {@code walks} above 1 a large fan-out is cut into walks side by side,
 * as a parallel scan cuts a table: when the first page is not the last, the last follower is read too, the ids between
 * them are cut ({@link FollowerRanges}), and a continuation for each range but the first is sent at once; this
 * invocation's walk stops at the first cut. A retried start sends the same walks again (the same cuts while the
 * followers are the same), and the queue drops them as duplicates.
 */
public final class DistributeYubl {
    private static final Logger LOG = LoggerFactory.getLogger(DistributeYubl.class);

    private final YublRepository yubls;
    private final RelationshipClient relationships;
    private final FanoutPublisher publisher;
    private final FanoutContinuations continuations;
    private final int batchSize;
    private final int pageSize;
    private final int pagesPerInvocation;
    private final int walks;

    public DistributeYubl(
            YublRepository yubls,
            RelationshipClient relationships,
            FanoutPublisher publisher,
            FanoutContinuations continuations,
            int batchSize,
            int pageSize,
            int pagesPerInvocation,
            int walks) {
        this.yubls = yubls;
        this.relationships = relationships;
        this.publisher = publisher;
        this.continuations = continuations;
        this.batchSize = batchSize;
        this.pageSize = pageSize;
        this.pagesPerInvocation = pagesPerInvocation;
        this.walks = walks;
    }

    public static DistributeYubl fromEnvironment() {
        return new DistributeYubl(
                YublRepository.fromEnvironment(Dynamo.client()),
                RelationshipClient.fromEnvironment(),
                new FanoutPublisher(
                        Clients.build(SnsClient.builder()),
                        Environment.required("FEED_FANOUT_TOPIC_ARN"),
                        RetryPolicy.DEFAULT),
                new FanoutContinuations(
                        Clients.build(SqsClient.builder()), Environment.required("FANOUT_CONTINUATIONS_QUEUE_URL")),
                Environment.integer("FANOUT_BATCH_SIZE", 1000),
                Environment.integer("FOLLOWERS_PAGE_SIZE", 5000),
                Environment.integer("FOLLOWER_PAGES_PER_INVOCATION", 5),
                Environment.integer("FANOUT_WALKS", 1));
    }

    /** The events it takes: yubl-posted. */
    public EventRoutes routes() {
        return EventRoutes.on(YublPosted.class, (posted, event) -> posted(posted));
    }

    /** A posted yubl: stored if it is not yet, then fanned out from the first page of followers. */
    void posted(YublPosted posted) {
        Optional<Yubl> stored =
                yubls.putIfAbsent(new Yubl(posted.yublId(), posted.authorId(), posted.text(), posted.postedAt()));
        if (stored.isEmpty()) {
            skipDeleted(posted.yublId());
            return;
        }
        Yubl yubl = stored.get();
        distribute(FanoutContinuation.start(yubl.yublId(), yubl.authorId(), yubl.postedAt()));
    }

    /** The rest of a fan-out, from where the last invocation stopped; a yubl deleted meanwhile goes no further. */
    public void resume(FanoutContinuation continuation) {
        if (yubls.isDeleted(continuation.yublId())) {
            skipDeleted(continuation.yublId());
            return;
        }
        distribute(continuation);
    }

    private void distribute(FanoutContinuation from) {
        Walk walk = new Walk(from);
        BudgetedPages pages = new BudgetedPages(walk::page, from.followersCursor(), pagesPerInvocation);
        boolean start = from.startsTheFanOut();
        List<FeedFanoutMessage> pending = new ArrayList<>(FanoutPublisher.MAX_PER_CALL);
        int recipients = 0;
        int unpublished = 0;
        for (List<String> batch : new FollowerBatches(from.authorId(), start, pages, batchSize)) {
            pending.add(new FeedFanoutMessage(from.yublId(), from.authorId(), from.postedAt(), batch));
            recipients += batch.size();
            unpublished += batch.size();
            // published at least once a page, while the next page is on its way (BudgetedPages asks for it ahead)
            if (pending.size() == FanoutPublisher.MAX_PER_CALL || unpublished >= pageSize) {
                publisher.publish(pending);
                pending.clear();
                unpublished = 0;
            }
        }
        if (!pending.isEmpty()) {
            publisher.publish(pending);
        }
        Optional<String> rest = pages.rest();
        rest.ifPresent(cursor -> continuations.send(walk.step().next(cursor, pages.read())));
        Metrics.count("FanoutRecipients", recipients);
        if (rest.isPresent()) {
            Metrics.count("FanoutContinued", 1);
        }
        LOG.atInfo()
                .addKeyValue("yublId", from.yublId())
                .addKeyValue("authorId", from.authorId())
                .addKeyValue("recipients", recipients)
                .addKeyValue("walk", from.walk())
                .addKeyValue("pagesDone", from.pagesDone() + pages.read())
                .addKeyValue("continued", rest.isPresent())
                .log(
                        rest.isPresent()
                                ? "yubl distributed to a budget of followers; the rest is handed on"
                                : "yubl distributed");
    }

    /**
     * The follower pages of one walk: its range of the author's followers. At the start of a fan-out whose first page
     * is not the last, it cuts the rest into walks before the next page is asked for, and hands all but the first on.
     */
    private final class Walk {
        private volatile FanoutContinuation step;

        Walk(FanoutContinuation step) {
            this.step = step;
        }

        FanoutContinuation step() {
            return step;
        }

        Page<String> page(String cursor) {
            FanoutContinuation at = step;
            IdRange range = new IdRange(at.from(), at.before(), false);
            Page<String> page = relationships.followers(at.authorId(), pageSize, cursor, range);
            if (at.startsTheFanOut()
                    && cursor == null
                    && walks > 1
                    && page.nextCursor() != null
                    && !page.items().isEmpty()) {
                cut(page.items());
            }
            return page;
        }

        /** The rest, after the first page's last follower, in walks side by side; this one walks the first range. */
        private void cut(List<String> firstPage) {
            FanoutContinuation at = step;
            Optional<String> last = relationships.lastFollower(at.authorId());
            List<String> cuts =
                    last.map(l -> FollowerRanges.cuts(firstPage, l, walks)).orElse(List.of());
            for (int i = 0; i < cuts.size(); i++) {
                continuations.send(at.walkOf(i + 1, cuts.get(i), i + 1 < cuts.size() ? cuts.get(i + 1) : null));
            }
            if (!cuts.isEmpty()) {
                step = at.walkOf(0, null, cuts.get(0));
                Metrics.count("FanoutWalks", cuts.size() + 1);
                LOG.atInfo()
                        .addKeyValue("yublId", at.yublId())
                        .addKeyValue("walks", cuts.size() + 1)
                        .addKeyValue("cuts", cuts)
                        .log("the followers after the first page are walked in ranges side by side");
            }
        }
    }

    private static void skipDeleted(String yublId) {
        Metrics.count("DeletedYublsNotDistributed", 1);
        LOG.atInfo().addKeyValue("yublId", yublId).log("yubl deleted before it was distributed; skipped");
    }
}
