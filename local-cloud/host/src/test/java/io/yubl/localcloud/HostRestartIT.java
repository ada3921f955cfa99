package io.yubl.localcloud;

import io.yubl.contracts.CorrelationIds;
import io.yubl.contracts.EventEnvelope;
import io.yubl.contracts.YublPosted;
import io.yubl.middleware.RetryPolicy;
import io.yubl.producers.EventPublisher;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisClient;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The function host killed (SIGKILL, no goodbye) while a burst of yubls is being fanned out, then started again with
 * bin/run: every yubl reaches every feed, exactly once.
 */
class HostRestartIT {
    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    private static final RunningPipeline pipeline = RunningPipeline.shared();

    @Test
    void a_host_killed_mid_stream_loses_nothing_and_duplicates_no_feed_item() throws Exception {
        String author = "restart-author-" + UUID.randomUUID();
        List<String> followers = IntStream.range(0, 30).mapToObj(i -> "restart-follower-" + i + "-" + author.substring(15, 23)).toList();
        Instant since = Instant.now();
        followers.forEach(f -> pipeline.relationships.follow(f, author, since));
        List<EventEnvelope> posts = new ArrayList<>();
        Instant postedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        for (int i = 0; i < 40; i++) {
            posts.add(EventEnvelope.of(new YublPosted("restart-" + i + "-" + UUID.randomUUID(), author, "burst " + i, postedAt.plusMillis(i)),
                    Map.of(CorrelationIds.HEADER, "it-restart")));
        }

        try (KinesisClient kinesis = AwsClients.kinesis()) {
            new EventPublisher(kinesis, pipeline.ref("EventsStream"), RetryPolicy.DEFAULT).publish(posts).orThrow();
        }
        run("pid=$(cat .local-cloud/pids/host.pid); kill -KILL -- -$pid || kill -KILL $pid; while kill -0 $pid 2>/dev/null; do sleep 0.1; done");
        run("bin/run");

        List<String> feeds = new ArrayList<>(followers);
        feeds.add(author);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() ->
                feeds.stream().allMatch(u -> pipeline.feeds.entries(u).size() == posts.size()));
        for (String user : feeds) {
            assertThat(pipeline.feeds.entries(user)).extracting(e -> e.yublId())
                    .as("feed of " + user).containsExactlyInAnyOrderElementsOf(posts.stream().map(p -> ((YublPosted) p.payload()).yublId()).toList());
        }
    }

    private static void run(String command) throws Exception {
        Process process = new ProcessBuilder("bash", "-c", command).directory(ROOT.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(new File(ROOT.toFile(), ".local-cloud/logs/restart-it.log")))
                .start();
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IllegalStateException("'" + command + "' exited " + exit + ": " + Files.readString(ROOT.resolve(".local-cloud/logs/restart-it.log")));
        }
    }
}
