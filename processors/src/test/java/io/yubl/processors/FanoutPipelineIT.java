package io.yubl.processors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.yubl.contracts.Contracts;
import io.yubl.contracts.CorrelationIds;
import io.yubl.contracts.EventEnvelope;
import io.yubl.contracts.EventType;
import io.yubl.contracts.FeedFanoutMessage;
import io.yubl.contracts.RetryPolicy;
import io.yubl.contracts.UserFollowed;
import io.yubl.contracts.UserUnfollowed;
import io.yubl.localcloud.client.AwsClients;
import io.yubl.localcloud.client.LocalEndpoints;
import io.yubl.localcloud.client.RunningPipeline;
import io.yubl.localcloud.client.Template;
import io.yubl.producers.EventPublisher;
import io.yubl.stores.it.LocalStores;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The fan-out pipeline end to end, on the local cloud bin/run started: events in through the legacy facade (or put
 * on the stream directly), outcomes read from the stores, SNS, the dead-letter queue and the host's log.
 */
class FanoutPipelineIT {
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final RunningPipeline pipeline = RunningPipeline.shared();
    private static final LocalStores stores = LocalStores.shared();

    @Test
    void a_yubl_reaches_each_of_250_followers_and_its_author_once_with_the_correlation_id_all_the_way()
            throws Exception {
        String author = pipeline.join("Author");
        List<String> followers = pipeline.joinMany("Follower", 250);
        inParallel(followers, f -> pipeline.follow(f, author));
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> allFollowers(author).size() == 250);
        String correlationId = "it-fanout-" + UUID.randomUUID();

        try (SnsProbe probe = new SnsProbe(pipeline)) {
            String yublId = pipeline.post(author, "two hundred and fifty readers", correlationId);

            List<String> everyone = new ArrayList<>(followers);
            everyone.add(author);
            await().atMost(PATIENCE)
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> everyone.stream().allMatch(u -> stores.copiesInFeed(u, yublId) >= 1));
            assertThat(everyone)
                    .allSatisfy(u -> assertThat(stores.copiesInFeed(u, yublId))
                            .as("copies in " + u)
                            .isEqualTo(1));

            List<JsonNode> published = probe.messagesAbout(yublId);
            assertThat(published).isNotEmpty();
            assertThat(published)
                    .allSatisfy(m -> assertThat(m.path("MessageAttributes")
                                    .path(CorrelationIds.HEADER)
                                    .path("Value")
                                    .asText())
                            .isEqualTo(correlationId));
            int recipients = published.stream()
                    .mapToInt(m -> Contracts.decodeFanout(m.get("Message").asText())
                            .followerIds()
                            .size())
                    .sum();
            assertThat(recipients).isEqualTo(251);
        }
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(pipeline.logLines(correlationId))
                        .extracting(l -> l.path("function").asText())
                        .contains("yubl-local-legacy-api", "yubl-local-distribute-yubl", "yubl-local-add-to-feed"));
    }

    @Test
    void following_backfills_recent_yubls_and_unfollowing_removes_them() {
        String author = pipeline.join("Backfilled");
        List<String> posted = List.of(
                pipeline.post(author, "first", null),
                pipeline.post(author, "second", null),
                pipeline.post(author, "third", null));
        await().atMost(PATIENCE)
                .until(() -> posted.stream().allMatch(y -> stores.yubls.get(y).isPresent()));
        String reader = pipeline.join("Reader");

        pipeline.follow(reader, author);

        await().atMost(PATIENCE).until(() -> stores.feedYubls(reader).containsAll(posted));
        assertThat(stores.feedYubls(reader))
                .as("newest first")
                .containsExactly(posted.get(2), posted.get(1), posted.get(0));

        pipeline.unfollow(reader, author);

        await().atMost(PATIENCE).until(() -> stores.feedYubls(reader).isEmpty());
        assertThat(stores.relationships.isFollowing(reader, author)).isFalse();
    }

    @Test
    void a_post_retried_with_the_same_idempotency_key_makes_one_yubl_in_one_place() {
        String author = pipeline.join("Retrier");
        String reader = pipeline.join("Patient");
        pipeline.follow(reader, author);
        await().atMost(PATIENCE).until(() -> stores.relationships.isFollowing(reader, author));
        String key = "retry-" + UUID.randomUUID();

        JsonNode first = pipeline.postWithKey(author, "said once", key);
        JsonNode retried = pipeline.postWithKey(author, "said once", key);
        String marker = pipeline.post(author, "after both", null);

        assertThat(retried.get("yublId").asText()).isEqualTo(first.get("yublId").asText());
        String yublId = first.get("yublId").asText();
        // the marker follows both posts under the author's partition key: once it is in the feed, both were processed
        await().atMost(PATIENCE).until(() -> stores.copiesInFeed(reader, marker) == 1);
        assertThat(stores.copiesInFeed(reader, yublId)).isEqualTo(1);
        assertThat(stores.copiesInFeed(author, yublId)).isEqualTo(1);
        assertThat(stores.yubls.get(yublId))
                .get()
                .extracting(y -> y.postedAt().toString())
                .isEqualTo(first.get("postedAt").asText());
    }

    @Test
    void a_deleted_yubl_leaves_every_feed_it_reached() {
        String author = pipeline.join("Deleter");
        String reader = pipeline.join("Witness");
        pipeline.follow(reader, author);
        await().atMost(PATIENCE).until(() -> stores.relationships.isFollowing(reader, author));
        String yublId = pipeline.post(author, "regrettable", null);
        await().atMost(PATIENCE)
                .until(() -> stores.copiesInFeed(reader, yublId) == 1 && stores.copiesInFeed(author, yublId) == 1);

        pipeline.delete(author, yublId);

        await().atMost(PATIENCE)
                .until(() -> stores.copiesInFeed(reader, yublId) == 0 && stores.copiesInFeed(author, yublId) == 0);
        assertThat(stores.yubls.get(yublId)).isEmpty();
        assertThat(stores.yubls.isDeleted(yublId)).isTrue();
    }

    @Test
    void a_delete_in_the_name_of_someone_other_than_the_author_is_ignored_with_a_log_line() throws Exception {
        // Given a yubl in its author's and a reader's feeds
        String author = pipeline.join("Owner");
        String reader = pipeline.join("Bystander");
        String impostor = pipeline.join("Impostor");
        pipeline.follow(reader, author);
        await().atMost(PATIENCE).until(() -> stores.relationships.isFollowing(reader, author));
        String yublId = pipeline.post(author, "mine", null);
        await().atMost(PATIENCE).until(() -> stores.copiesInFeed(reader, yublId) == 1);

        // When someone else asks the facade to delete it
        String correlationId = "it-impostor-" + UUID.randomUUID();
        pipeline.call("DELETE", "/legacy/users/" + impostor + "/yubls/" + yublId, correlationId, null);

        // Then store-yubl says it ignored the delete, and the yubl stays, in every feed
        await().atMost(PATIENCE)
                .until(() -> pipeline.logLines(correlationId).stream()
                        .anyMatch(l -> l.path("message").asText().startsWith("yubl-deleted ignored")));
        assertThat(stores.yubls.get(yublId)).isPresent();
        assertThat(stores.yubls.isDeleted(yublId)).isFalse();
        assertThat(stores.copiesInFeed(reader, yublId)).isEqualTo(1);
        assertThat(stores.copiesInFeed(author, yublId)).isEqualTo(1);
    }

    @Test
    void a_fan_out_batch_read_before_an_unfollow_leaves_nothing_in_the_feed_of_the_reader_who_left() throws Exception {
        // Given a reader who followed the author and has unfollowed, and a yubl posted since
        String author = pipeline.join("Left");
        String reader = pipeline.join("Leaver");
        pipeline.follow(reader, author);
        await().atMost(PATIENCE).until(() -> stores.relationships.isFollowing(reader, author));
        pipeline.unfollow(reader, author);
        await().atMost(PATIENCE).until(() -> !stores.relationships.isFollowing(reader, author));
        String yublId = pipeline.post(author, "after you left", null);
        await().atMost(PATIENCE).until(() -> stores.copiesInFeed(author, yublId) == 1);
        Instant postedAt = stores.yubls.get(yublId).orElseThrow().postedAt();

        // When a fan-out batch still naming the reader arrives (its followers page was read before the unfollow)
        String correlationId = "it-late-batch-" + UUID.randomUUID();
        try (SnsClient sns = AwsClients.sns()) {
            sns.publish(r -> r.topicArn(pipeline.ref("FeedFanoutTopic"))
                    .message(Contracts.encodeFanout(
                            new FeedFanoutMessage(yublId, author, postedAt, List.of(author, reader))))
                    .messageAttributes(Map.of(
                            CorrelationIds.HEADER,
                            MessageAttributeValue.builder()
                                    .dataType("String")
                                    .stringValue(correlationId)
                                    .build())));
        }

        // Then add-to-feed takes it back from the reader's feed, and the author keeps it
        await().atMost(PATIENCE)
                .until(() -> pipeline.logLines(correlationId).stream()
                        .anyMatch(l -> l.path("message").asText().startsWith("yubl added to feeds")));
        assertThat(stores.copiesInFeed(reader, yublId)).isZero();
        assertThat(stores.copiesInFeed(author, yublId)).isEqualTo(1);
    }

    @Test
    void a_stale_follow_arriving_after_a_newer_unfollow_does_not_undo_it() {
        String author = pipeline.join("Stale");
        String reader = pipeline.join("Fickle");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        EventEnvelope unfollow = new EventEnvelope(
                UUID.randomUUID().toString(),
                EventType.USER_UNFOLLOWED,
                1,
                now,
                Map.of(CorrelationIds.HEADER, "it-stale"),
                new UserUnfollowed(reader, author));
        EventEnvelope staleFollow = new EventEnvelope(
                UUID.randomUUID().toString(),
                EventType.USER_FOLLOWED,
                1,
                now.minusSeconds(60),
                Map.of(CorrelationIds.HEADER, "it-stale"),
                new UserFollowed(reader, author));
        String probeAuthor = pipeline.join("Marker");
        EventEnvelope marker =
                EventEnvelope.of(new UserFollowed(reader, probeAuthor), Map.of(CorrelationIds.HEADER, "it-stale"));

        try (KinesisClient kinesis = AwsClients.kinesis()) {
            new EventPublisher(kinesis, pipeline.ref("EventsStream"), RetryPolicy.DEFAULT)
                    .publish(List.of(unfollow, staleFollow, marker))
                    .orThrow();
        }

        // the marker follow comes after both under the same partition key: once it is applied, so are they
        await().atMost(PATIENCE).until(() -> stores.relationships.isFollowing(reader, probeAuthor));
        assertThat(stores.relationships.isFollowing(reader, author)).isFalse();
        assertThat(stores.relationshipPages.followers(author, 10, null).items()).doesNotContain(reader);
    }

    @Test
    void a_poison_record_goes_to_the_dead_letter_queue_with_the_reason_and_the_records_around_it_are_processed()
            throws Exception {
        String marker = "poison-" + UUID.randomUUID();
        String before = pipeline.join("Before");
        putOnTheStream(marker, "{\"eventId\": \"" + marker + "\", \"type\": \"yubl-posted\", oops");
        String after = pipeline.join("After");

        await().atMost(PATIENCE).until(() -> indexed(before) && indexed(after));
        assertThat(deadLettersFromEveryEventConsumer(marker)).allSatisfy(letter -> {
            assertThat(letter.path("reason").asText())
                    .contains("violates its contract")
                    .contains("not valid JSON");
            assertThat(letter.path("data").asText()).contains(marker);
            assertThat(letter.path("source").path("partitionKey").asText()).isEqualTo(marker);
        });
    }

    @Test
    void an_event_with_fields_its_consumers_do_not_know_yet_is_processed() throws Exception {
        // Given a user-joined from a producer deployed ahead: one field more in the envelope and in the payload
        String userId = "ahead-" + UUID.randomUUID();
        String event = """
                {"eventId":"%s","type":"user-joined","version":1,"occurredAt":"%s",
                 "correlation":{"x-correlation-id":"it-ahead"}, "traceFlags":"01",
                 "payload":{"userId":"%s","username":"ahead","firstName":"Ahead","lastName":"OfTime",
                            "pronouns":"she/her"}}
                """.formatted(UUID.randomUUID(), Instant.now(), userId);

        // When it is put on the stream
        putOnTheStream(userId, event);

        // Then index-user, still on version 1 of the contract, indexes the user
        await().atMost(PATIENCE).until(() -> indexed(userId));
    }

    @Test
    void an_event_of_a_version_its_consumers_do_not_read_goes_to_the_dead_letter_queue_as_unsupported()
            throws Exception {
        // Given a version 2 user-joined
        String userId = "v2-" + UUID.randomUUID();
        String event = """
                {"eventId":"%s","type":"user-joined","version":2,"occurredAt":"%s",
                 "correlation":{"x-correlation-id":"it-v2"},
                 "payload":{"userId":"%s","username":"later","firstName":"Later","lastName":"Version"}}
                """.formatted(UUID.randomUUID(), Instant.now(), userId);

        // When it is put on the stream
        putOnTheStream(userId, event);

        // Then every consumer of the stream dead-letters it as unsupported, not invalid, and nothing indexes it
        assertThat(deadLettersFromEveryEventConsumer(userId))
                .allSatisfy(letter -> assertThat(letter.path("reason").asText())
                        .contains("unsupported version 2")
                        .doesNotContain("violates"));
        assertThat(indexed(userId)).isFalse();
    }

    private static void putOnTheStream(String partitionKey, String json) {
        try (KinesisClient kinesis = AwsClients.kinesis()) {
            kinesis.putRecord(r -> r.streamName(pipeline.ref("EventsStream"))
                    .partitionKey(partitionKey)
                    .data(SdkBytes.fromUtf8String(json)));
        }
    }

    /**
     * The dead letters about this marker, one from each of the four functions the events stream feeds (taken
     * off the queue).
     */
    /** The functions template.yaml feeds from the events stream. */
    private static final long EVENT_CONSUMERS =
            Template.load(RunningPipeline.ROOT.resolve("template.yaml")).functions().stream()
                    .filter(f -> !f.events("Kinesis").isEmpty())
                    .count();

    private static List<JsonNode> deadLettersFromEveryEventConsumer(String marker) {
        try (SqsClient sqs = AwsClients.sqs()) {
            String dlq = pipeline.ref("EventsDeadLetterQueue");
            List<JsonNode> letters = new ArrayList<>();
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> {
                for (Message m : sqs.receiveMessage(
                                r -> r.queueUrl(dlq).maxNumberOfMessages(10).visibilityTimeout(1))
                        .messages()) {
                    if (m.body().contains(marker)) {
                        letters.add(Contracts.json().readTree(m.body()));
                        sqs.deleteMessage(r -> r.queueUrl(dlq).receiptHandle(m.receiptHandle()));
                    }
                }
                return letters.stream()
                                .map(l -> l.path("function").asText())
                                .distinct()
                                .count()
                        == EVENT_CONSUMERS;
            });
            return letters;
        }
    }

    private boolean indexed(String userId) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(LocalEndpoints.opensearch() + "/users/_doc/" + userId))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    private static List<String> allFollowers(String userId) {
        List<String> all = new ArrayList<>();
        String cursor = null;
        do {
            var page = stores.relationshipPages.followers(userId, 100, cursor);
            all.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        return all;
    }

    private static void inParallel(List<String> ids, Consumer<String> action) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> running = new ArrayList<>();
            ids.forEach(id -> running.add(pool.submit(() -> action.accept(id))));
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A queue subscribed to the feed-fanout topic for the length of a test, to see what was published. */
    private static final class SnsProbe implements AutoCloseable {
        private final SqsClient sqs = AwsClients.sqs();
        private final SnsClient sns = AwsClients.sns();
        private final String queueUrl;
        private final String subscriptionArn;

        SnsProbe(RunningPipeline pipeline) {
            queueUrl = sqs.createQueue(r -> r.queueName(
                            "it-probe-" + UUID.randomUUID().toString().substring(0, 8)))
                    .queueUrl();
            String queueArn = sqs.getQueueAttributes(
                            r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes()
                    .get(QueueAttributeName.QUEUE_ARN);
            subscriptionArn = sns.subscribe(r -> r.topicArn(pipeline.ref("FeedFanoutTopic"))
                            .protocol("sqs")
                            .endpoint(queueArn)
                            .returnSubscriptionArn(true))
                    .subscriptionArn();
        }

        /** The SNS envelopes published about this yubl (waits until the flow of them stops). */
        List<JsonNode> messagesAbout(String yublId) throws Exception {
            List<JsonNode> found = new ArrayList<>();
            int emptyPolls = 0;
            while (emptyPolls < 2) {
                List<Message> messages = sqs.receiveMessage(r ->
                                r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
                        .messages();
                emptyPolls = messages.isEmpty() ? emptyPolls + 1 : 0;
                for (Message m : messages) {
                    JsonNode envelope = Contracts.json().readTree(m.body());
                    if (envelope.path("Message").asText().contains(yublId)) {
                        found.add(envelope);
                    }
                    sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
                }
            }
            return found;
        }

        @Override
        public void close() {
            sns.unsubscribe(r -> r.subscriptionArn(subscriptionArn));
            sqs.deleteQueue(r -> r.queueUrl(queueUrl));
            sqs.close();
            sns.close();
        }
    }
}
