package io.yubl.examples.monolith;

import io.yubl.contracts.EventEnvelope;
import io.yubl.contracts.RetryPolicy;
import io.yubl.contracts.UserJoined;
import io.yubl.contracts.YublPosted;
import io.yubl.producers.BufferedEventPublisher;
import io.yubl.producers.EventPublisher;
import io.yubl.producers.PublishResult;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * A stand-in for the legacy monolith, publishing through the library as the README shows (the README's "Publishing
 * events" snippet is the part between the README markers, checked by a test). It signs up some users, one event at a
 * time, then posts a yubl for each from request threads through the buffered publisher, and logs through its own
 * backend, logback (src/main/resources/logback.xml).
 * <p>Usage: {@code Monolith STREAM [USERS=3]}. The Kinesis client is built the default way: region, credentials and
 * endpoint ({@code AWS_ENDPOINT_URL_KINESIS}) from the environment. {@code CORRELATION_ID} names the run.
 */
public final class Monolith {
    private static final Logger log = LoggerFactory.getLogger(Monolith.class);

    private Monolith() {}

    public static void main(String[] args) {
        String stream = args[0];
        int users = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String correlationId =
                System.getenv().getOrDefault("CORRELATION_ID", UUID.randomUUID().toString());
        List<String> userIds = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            userIds.add("monolith-" + UUID.randomUUID());
        }

        // README:begin
        KinesisClient kinesis = KinesisClient.create();
        EventPublisher publisher = new EventPublisher(kinesis, stream, RetryPolicy.DEFAULT);

        // One event: validated against its contract, then put on the stream; throws PublishException if it
        // could not be.
        EventEnvelope joined = EventEnvelope.of(
                new UserJoined(userIds.get(0), "ada", "Ada", "Lovelace"), Map.of("x-correlation-id", correlationId));
        publisher.publish(joined);
        log.info("signed up user {}", userIds.get(0));

        // Many: batched, retried, ordered per partition key; the result names each event that is not on the stream.
        List<EventEnvelope> more = userIds.subList(1, userIds.size()).stream()
                .map(id -> EventEnvelope.of(
                        new UserJoined(id, "user_" + id.substring(id.length() - 8), "First", "Last"),
                        Map.of("x-correlation-id", correlationId)))
                .toList();
        PublishResult result = publisher.publish(more);
        result.unpublished().forEach(u -> log.error("not published: {} {}", u.errorCode(), u.reason()));

        // From request threads: buffered, sent in batches by one background thread; close() sends what is left.
        try (BufferedEventPublisher buffered =
                new BufferedEventPublisher(publisher, BufferedEventPublisher.Settings.DEFAULT)) {
            for (String userId : userIds) {
                buffered.publish(EventEnvelope.of(
                        new YublPosted(
                                UUID.randomUUID().toString(),
                                userId,
                                "hello from the monolith",
                                Instant.now().truncatedTo(ChronoUnit.MILLIS)),
                        Map.of("x-correlation-id", correlationId)));
            }
        }
        // README:end
        log.info("signed up {} users and posted {} yubls", userIds.size(), userIds.size());
        kinesis.close();
    }
}
