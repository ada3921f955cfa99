package io.yubl.localcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.yubl.contracts.CorrelationIds;
import io.yubl.contracts.EventEnvelope;
import io.yubl.contracts.RetryPolicy;
import io.yubl.contracts.YublPosted;
import io.yubl.localcloud.client.AwsClients;
import io.yubl.localcloud.client.RunningPipeline;
import io.yubl.producers.EventPublisher;
import io.yubl.stores.it.LocalStores;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The function host and its function processes, or the function processes alone, killed (SIGKILL, no goodbye) in the
 * middle of fanning a yubl out to 5,000 followers in 50 pages of 100, walked in 4 ranges side by side, 5 pages an
 * invocation (the host runs with the template parameters {@code FollowersPageSize=100 FollowerPagesPerInvocation=5
 * FanoutWalks=4} for this test, and with the defaults again after it), handed on as continuations: the pipeline picks
 * up where it was (after bin/run, for the host), the yubl reaches every feed exactly once, and the crashed run's log
 * is kept. How long the recovery took is printed (not asserted: it depends on the machine).
 */
class HostRestartIT {
    private static final Path ROOT = RunningPipeline.ROOT;
    private static final int FOLLOWERS = 5_000;
    private static final int PAGES_PER_INVOCATION = 5;
    private static final int PAGE_SIZE = 100;
    private static final int POSTS = 1;
    private static final int WALKS = 4;
    private static final String PARAMETERS = "FollowersPageSize=" + PAGE_SIZE + " FollowerPagesPerInvocation="
            + PAGES_PER_INVOCATION + " FanoutWalks=" + WALKS;
    private static final RunningPipeline pipeline = RunningPipeline.shared();
    private static final LocalStores stores = LocalStores.shared();

    @BeforeAll
    static void hostWalksSmallPages() throws Exception {
        run("bin/run");
    }

    @AfterAll
    static void hostBackToTheDefaults() throws Exception {
        assertThat(start("bin/run", "").waitFor())
                .as("bin/run with the template's defaults")
                .isZero();
    }

    @Test
    void a_host_killed_mid_fan_out_resumes_and_every_feed_gets_every_yubl_once() throws Exception {
        // Given a yubl on its way to 5,000 followers' feeds
        FanOut fanOut = FanOut.started();
        try {
            // When the host and its functions are killed, and bin/run starts them again
            run("pid=$(cat .local-cloud/pids/host.pid); kill -KILL -- -$pid || kill -KILL $pid; while kill "
                    + "-0 $pid 2>/dev/null; do sleep 0.1; done");
            int atCrash = fanOut.items();
            String crashedLog = Files.readString(ROOT.resolve(".local-cloud/logs/host.log"));
            long restart = System.nanoTime();
            Process binRun = start("bin/run");
            double resumed = fanOut.awaitProgressSince(restart);
            assertThat(binRun.waitFor()).as("bin/run's exit status").isZero();
            double started = seconds(restart);
            double complete = fanOut.awaitCompletionSince(restart);
            System.out.printf(
                    "crash recovery (host killed): %d of %d feed items written at the crash; after the "
                            + "restart: the fan-out"
                            + " resumed in %.1f s, bin/run returned in %.1f s, and the fan-out completed in %.1f s%n",
                    atCrash, fanOut.total(), resumed, started, complete);

            // Then every feed holds every yubl once, and the crashed run's log is still there
            fanOut.assertEveryFeedHoldsEveryYublOnce();
            assertThat(Files.readString(ROOT.resolve(".local-cloud/logs/host.log.1")))
                    .isEqualTo(crashedLog);
        } finally {
            fanOut.close();
        }
    }

    @Test
    void function_processes_killed_mid_fan_out_are_replaced_and_every_feed_gets_every_yubl_once() throws Exception {
        // Given a yubl on its way to 5,000 followers' feeds
        FanOut fanOut = FanOut.started();
        try {
            // When every function process of the host is killed, the host itself left running
            long crash = System.nanoTime();
            run("pkill -KILL -g $(cat .local-cloud/pids/host.pid) -f "
                    + "com.amazonaws.services.lambda.runtime.api.client.AWSLambda");
            double complete = fanOut.awaitCompletionSince(crash);
            System.out.printf(
                    "crash recovery (function processes killed): the fan-out of %d feed items completed %.1f s after"
                            + " the kill%n",
                    fanOut.total(), complete);

            // Then every feed holds the yubl once, and no invocation read more than its budget of follower pages
            fanOut.assertEveryFeedHoldsEveryYublOnce();
            fanOut.assertEveryInvocationKeptToItsBudget();
        } finally {
            fanOut.close();
        }
    }

    /** An author's yubl being fanned out to 5,000 followers, seen from the feeds and the log. */
    private record FanOut(ExecutorService readers, List<String> feeds, List<String> yublIds, String correlationId)
            implements AutoCloseable {
        /** Publishes the yubls and returns once the first feed items are written. */
        static FanOut started() throws Exception {
            String run = UUID.randomUUID().toString().substring(0, 8);
            String author = "crash-author-" + run;
            String correlationId = "it-crash-" + run;
            List<String> followers = IntStream.range(0, FOLLOWERS)
                    .mapToObj(i -> "crash-follower-" + i + "-" + run)
                    .toList();
            Instant since = Instant.now();
            ExecutorService readers = Executors.newFixedThreadPool(16);
            parallel(readers, followers, f -> stores.relationships.follow(f, author, since));
            List<EventEnvelope> posts = new ArrayList<>();
            Instant postedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            for (int i = 0; i < POSTS; i++) {
                posts.add(EventEnvelope.of(
                        new YublPosted(
                                "crash-" + i + "-" + UUID.randomUUID(), author, "burst " + i, postedAt.plusMillis(i)),
                        Map.of(CorrelationIds.HEADER, correlationId)));
            }
            try (KinesisClient kinesis = AwsClients.kinesis()) {
                new EventPublisher(kinesis, pipeline.ref("EventsStream"), RetryPolicy.DEFAULT)
                        .publish(posts)
                        .orThrow();
            }
            List<String> feeds = new ArrayList<>(followers);
            feeds.add(author);
            FanOut fanOut = new FanOut(
                    readers,
                    feeds,
                    posts.stream().map(p -> ((YublPosted) p.payload()).yublId()).toList(),
                    correlationId);
            List<String> watched =
                    List.of(followers.get(0), followers.get(FOLLOWERS / 2), followers.get(FOLLOWERS - 1), author);
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> fanOut.count(watched) > 0);
            return fanOut;
        }

        int total() {
            return feeds.size() * yublIds.size();
        }

        int items() throws Exception {
            return count(feeds);
        }

        /** Seconds from then until a feed item is written (a sample of feeds is watched, to keep the machine free). */
        double awaitProgressSince(long then) throws Exception {
            List<String> sample = feeds.subList(0, 50);
            int before = count(sample);
            int all = items();
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> count(sample) > before || all == total());
            return seconds(then);
        }

        /** Bounded by the host's own start (120 s at most for the leases, then the warm-up) plus the fan-out. */
        double awaitCompletionSince(long then) {
            await().atMost(Duration.ofSeconds(300))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> items() == total());
            return seconds(then);
        }

        void assertEveryFeedHoldsEveryYublOnce() {
            for (String user : feeds) {
                assertThat(stores.feeds.entries(user))
                        .extracting(e -> e.yublId())
                        .as("feed of " + user)
                        .containsExactlyInAnyOrderElementsOf(yublIds);
            }
        }

        /**
         * Every step of the fan-out, in the log: the followers after the first page were cut into walks side by side
         * (up to 4), each step read at most its budget of pages, and each walk's steps handed on
         * one another's cursors: pages done 5, 10, ... handed on, and one last step (a step retried after the kill
         * logs twice). Between them the walks read the 50 pages, and at most one more each (a range ends mid-page).
         */
        void assertEveryInvocationKeptToItsBudget() throws Exception {
            List<JsonNode> steps = pipeline.logLines(correlationId).stream()
                    .filter(l -> l.has("pagesDone"))
                    .toList();
            assertThat(steps)
                    .allSatisfy(step -> assertThat(step.path("recipients").asInt())
                            .isLessThanOrEqualTo(PAGES_PER_INVOCATION * PAGE_SIZE + 1));
            Map<Integer, List<JsonNode>> walks = steps.stream()
                    .collect(Collectors.groupingBy(step -> step.path("walk").asInt()));
            assertThat(walks).as("walks side by side").hasSizeBetween(2, WALKS);
            int pagesRead = 0;
            for (List<JsonNode> walk : walks.values()) {
                List<Integer> handedOn = walk.stream()
                        .filter(step -> step.path("continued").asBoolean())
                        .map(step -> step.path("pagesDone").asInt())
                        .distinct()
                        .sorted()
                        .toList();
                List<Integer> finished = walk.stream()
                        .filter(step -> !step.path("continued").asBoolean())
                        .map(step -> step.path("pagesDone").asInt())
                        .distinct()
                        .toList();
                assertThat(handedOn)
                        .containsExactly(IntStream.rangeClosed(1, handedOn.size())
                                .map(i -> i * PAGES_PER_INVOCATION)
                                .boxed()
                                .toArray(Integer[]::new));
                int lastHandedOn = handedOn.isEmpty() ? 0 : handedOn.get(handedOn.size() - 1);
                assertThat(finished)
                        .singleElement()
                        .satisfies(p -> assertThat(p).isBetween(lastHandedOn + 1, lastHandedOn + PAGES_PER_INVOCATION));
                pagesRead += finished.get(0);
            }
            int pages = FOLLOWERS / PAGE_SIZE;
            assertThat(pagesRead).isBetween(pages, pages + walks.size());
        }

        private int count(List<String> users) throws Exception {
            List<Future<Integer>> counts = users.stream()
                    .map(f -> readers.submit(() -> stores.feeds.entries(f).size()))
                    .toList();
            int sum = 0;
            for (Future<Integer> count : counts) {
                sum += count.get();
            }
            return sum;
        }

        @Override
        public void close() {
            readers.shutdownNow();
        }
    }

    private static void parallel(ExecutorService pool, List<String> ids, Consumer<String> action) throws Exception {
        for (Future<?> f :
                ids.stream().map(id -> pool.submit(() -> action.accept(id))).toList()) {
            f.get();
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    /** Starts a command in the repository, with the host's template parameters for this test. */
    private static Process start(String command) throws Exception {
        return start(command, PARAMETERS);
    }

    private static Process start(String command, String parameterOverrides) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", command).directory(ROOT.toFile());
        builder.environment().put("PARAMETER_OVERRIDES", parameterOverrides);
        return builder.redirectErrorStream(true)
                .redirectOutput(
                        ProcessBuilder.Redirect.appendTo(new File(ROOT.toFile(), ".local-cloud/logs/restart-it.log")))
                .start();
    }

    private static void run(String command) throws Exception {
        int exit = start(command).waitFor();
        if (exit != 0) {
            throw new IllegalStateException("'" + command + "' exited " + exit + ": "
                    + Files.readString(ROOT.resolve(".local-cloud/logs/restart-it.log")));
        }
    }
}
