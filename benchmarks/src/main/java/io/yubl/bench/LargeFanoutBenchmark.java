package io.yubl.bench;

import io.yubl.contracts.Contracts;
import io.yubl.localcloud.FunctionArtifacts;
import io.yubl.localcloud.Provisioner;
import io.yubl.localcloud.client.AwsClients;
import io.yubl.localcloud.client.Intrinsics;
import io.yubl.localcloud.client.RunningPipeline;
import io.yubl.localcloud.client.Template;
import io.yubl.stores.BatchWriter;
import io.yubl.stores.FeedRepository;
import io.yubl.stores.RelationshipRepository;
import java.io.RandomAccessFile;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * One yubl to 100,000 followers on the running local cloud (bin/run): the fan-out walks the followers as the
 * template's FollowersPageSize, FollowerPagesPerInvocation and FanoutWalks say (distribute-yubl, then continue-fanout,
 * in walks side by side, each one step after another), and add-to-feed writes the feeds. Measures the time from the
 * facade's answer to the last feed item, and the feed items written per second from the first item to the last,
 * against a raw BatchWriteItem loop with add-to-feed's parallelism here (its concurrency on this host, times the
 * messages it writes at once, times the calls each message makes at once), writing as many items to the same table
 * before and after the fan-out. Progress is read from add-to-feed's metric lines in the host's log, and the end
 * confirmed by counting the feeds that hold the yubl: counting them every second instead would make DynamoDB Local
 * read up to 100,000 index entries a second beside the writes it is measured on. One fan-out of minutes is one round:
 * its ratio is given against the mean of the two raw runs and against each of them. Before it all, a warm-up fan-out
 * (WARMUP_FOLLOWERS, by default one batch of followers for each message add-to-feed can take at once, or enough
 * pages for every walk to hand on a step if that is more; 0 for none) starts add-to-feed's and continue-fanout's
 * environments and compiles their code, as a steady load keeps Lambda's warm. For the raw runs and the fan-out it also
 * says what CPU each process of the machine spent ({@link ProcessCpu}): the fan-out's functions share this machine's
 * cores with the DynamoDB Local it writes to, where on AWS each has its own. Writes bench-results/fanout-large.json.
 * Usage: LargeFanoutBenchmark [followers=100000]
 */
public final class LargeFanoutBenchmark {
    private static final int ADD_TO_FEED_PARALLELISM = 4;
    /** add-to-feed's metric line (EMF) of the feed items an invocation wrote. */
    private static final Pattern FEED_ITEMS_WRITTEN = Pattern.compile("\"FeedItemsWritten\":([0-9.]+)");

    private LargeFanoutBenchmark() {}

    public static void main(String[] args) throws Exception {
        int followerCount = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Template template = Template.loadWithOverridesFromEnvironment(Path.of("template.yaml"));
        Intrinsics resources = Provisioner.local(template, line -> {}).provision();
        String feedsTable = resources.resolveString(Map.of("Ref", "FeedsTable"));
        Map<String, Object> source =
                template.resources().get("AddToFeedFunction").events("SQS").get("Fanout");
        int concurrency = Math.min(
                FunctionArtifacts.LOCAL_CONCURRENCY,
                Integer.parseInt(String.valueOf(((Map<?, ?>) source.get("ScalingConfig")).get("MaximumConcurrency"))));
        int parallelism = concurrency * ADD_TO_FEED_PARALLELISM * BatchWriter.PARALLEL_CALLS;
        try (DynamoDbClient dynamodb = AwsClients.dynamodb()) {
            RelationshipRepository relationships =
                    new RelationshipRepository(dynamodb, resources.resolveString(Map.of("Ref", "RelationshipsTable")));
            String run = UUID.randomUUID().toString().substring(0, 8);
            String author = "bench-large-" + run;
            FanoutBenchmark.setUpFollowers(relationships, author, followerCount);
            int expected = followerCount + 1;
            // as Lambda's environments are under a steady load: started, and their code compiled, before the
            // measurement (the raw loop's JVM is as warm); one batch for each message add-to-feed can take at once,
            // and enough pages that every walk hands on a step, so that continue-fanout's environments are started
            // too (a JVM started on this machine while the fan-out keeps both cores busy took 25 s to initialize)
            int walks = parameter(template, "FanoutWalks");
            int pagesPerWalk = parameter(template, "FollowerPagesPerInvocation") + 1;
            int batches = concurrency * ADD_TO_FEED_PARALLELISM * parameter(template, "FanoutBatchSize");
            int pages = (1 + walks * pagesPerWalk) * pageSize(template);
            int warmupFollowers = Integer.parseInt(
                    System.getenv().getOrDefault("WARMUP_FOLLOWERS", String.valueOf(Math.max(batches, pages))));
            double warmupMillis = 0;
            if (warmupFollowers > 0) {
                String warm = "bench-warmup-" + run;
                FanoutBenchmark.setUpFollowers(relationships, warm, warmupFollowers);
                System.out.printf("warm-up: one yubl to %,d followers...%n", warmupFollowers);
                warmupMillis =
                        measure(dynamodb, feedsTable, warm, warmupFollowers + 1).postToLastMillis();
                System.out.printf("  in all their feeds %.1f s after the post%n", warmupMillis / 1e3);
            }

            System.out.printf("raw BatchWriteItem loop, %d writers, %,d items...%n", parallelism, expected);
            ProcessCpu.Snapshot rawBeforeStart = ProcessCpu.take();
            double rawBefore = FanoutBenchmark.rawBatchWriteRate(dynamodb, feedsTable, expected, parallelism);
            ProcessCpu.Phase rawBeforeCpu = ProcessCpu.between(rawBeforeStart, ProcessCpu.take());
            System.out.printf("  %,.0f items/s%n  %s%n", rawBefore, rawBeforeCpu.summary());

            System.out.println("posting one yubl...");
            Measured fanout = measure(dynamodb, feedsTable, author, expected);
            ProcessCpu.Phase fanoutCpu = fanout.cpu();
            System.out.printf(
                    "  in all %,d feeds %.1f s after the post; %,.0f items/s from the first feed item to the last%n"
                            + "  %s%n",
                    expected, fanout.postToLastMillis() / 1e3, fanout.itemsPerSecond(), fanoutCpu.summary());

            System.out.printf("raw BatchWriteItem loop again...%n");
            ProcessCpu.Snapshot rawAfterStart = ProcessCpu.take();
            double rawAfter = FanoutBenchmark.rawBatchWriteRate(dynamodb, feedsTable, expected, parallelism);
            ProcessCpu.Phase rawAfterCpu = ProcessCpu.between(rawAfterStart, ProcessCpu.take());
            System.out.printf("  %,.0f items/s%n  %s%n", rawAfter, rawAfterCpu.summary());
            // one fan-out of minutes does not fit rounds: its ratio is given against each raw run, and their mean
            double raw = (rawBefore + rawAfter) / 2;
            double ratio = fanout.itemsPerSecond() / raw;
            double ratioLow = fanout.itemsPerSecond() / Math.max(rawBefore, rawAfter);
            double ratioHigh = fanout.itemsPerSecond() / Math.min(rawBefore, rawAfter);
            String json = String.format(
                    "{%n  \"benchmark\": \"fanout-large\",%n  \"at\": \"%s\",%n  \"followers\": %d,%n"
                            + "  \"followersPageSize\": \"%s\",%n  \"followerPagesPerInvocation\": \"%s\",%n"
                            + "  \"fanoutWalks\": \"%s\",%n  "
                            + "\"postToLastFeedMillis\": %.0f,%n  \"postToFirstFeedMillis\": %.0f,%n"
                            + "  \"fanoutItemsPerSecond\": %.0f,%n  \"rawWriters\": %d,%n  "
                            + "\"rawBatchWriteItemsPerSecond\": {\"before\": %.0f, \"after\": %.0f},%n"
                            + "  \"ratio\": %.3f,%n  \"ratioRange\": [%.3f, %.3f],%n"
                            + "  \"warmupFollowers\": %d,%n  \"warmupPostToLastFeedMillis\": %.0f,%n"
                            + "  \"cpu\": {%n    \"rawBefore\": %s,%n    \"fanout\": %s,%n"
                            + "    \"rawAfter\": %s%n  }%n}%n",
                    Instant.now(),
                    followerCount,
                    template.parameters().get("FollowersPageSize"),
                    template.parameters().get("FollowerPagesPerInvocation"),
                    template.parameters().get("FanoutWalks"),
                    fanout.postToLastMillis(),
                    fanout.postToFirstMillis(),
                    fanout.itemsPerSecond(),
                    parallelism,
                    rawBefore,
                    rawAfter,
                    ratio,
                    ratioLow,
                    ratioHigh,
                    warmupFollowers,
                    warmupMillis,
                    rawBeforeCpu.json(),
                    fanoutCpu.json(),
                    rawAfterCpu.json());
            Path out = Path.of("bench-results", "fanout-large.json");
            Files.createDirectories(out.getParent());
            Files.writeString(out, json);
            System.out.printf(
                    "post -> all %,d feeds: %.1f s; feed writes: fan-out %,.0f items/s, raw BatchWriteItem (%d "
                            + "writers) %,.0f items/s"
                            + " (before %,.0f, after %,.0f), ratio %.3f (%.3f to %.3f against each raw run; "
                            + "goal >= 0.9)%nwritten to %s%n",
                    expected,
                    fanout.postToLastMillis() / 1e3,
                    fanout.itemsPerSecond(),
                    parallelism,
                    raw,
                    rawBefore,
                    rawAfter,
                    ratio,
                    ratioLow,
                    ratioHigh,
                    out);
        }
    }

    private static int pageSize(Template template) {
        return parameter(template, "FollowersPageSize");
    }

    private static int parameter(Template template, String name) {
        return Integer.parseInt(String.valueOf(template.parameters().get(name)));
    }

    /** A fan-out's times, and the CPU the machine's processes spent from the post to the last item. */
    private record Measured(
            double postToFirstMillis, double postToLastMillis, double itemsPerSecond, ProcessCpu.Phase cpu) {}

    private static Measured measure(DynamoDbClient dynamodb, String feedsTable, String author, int expected)
            throws Exception {
        long logFrom = Files.size(RunningPipeline.HOST_LOG);
        ProcessCpu.Snapshot cpuFrom = ProcessCpu.take();
        HttpResponse<String> response = FanoutBenchmark.post(author);
        long posted = System.nanoTime();
        String yublId = Contracts.json().readTree(response.body()).get("yublId").asText();
        long first = 0;
        long written = 0;
        long deadline = posted + 1_200_000_000_000L;
        try (RandomAccessFile log = new RandomAccessFile(RunningPipeline.HOST_LOG.toFile(), "r")) {
            long read = logFrom;
            while (System.nanoTime() < deadline) {
                byte[] grown = new byte[(int) Math.max(0, log.length() - read)];
                log.seek(read);
                log.readFully(grown);
                // whole lines only: the last one may still be being written
                int whole = lastNewline(grown) + 1;
                read += whole;
                Matcher items = FEED_ITEMS_WRITTEN.matcher(new String(grown, 0, whole, StandardCharsets.UTF_8));
                while (items.find()) {
                    written += (long) Double.parseDouble(items.group(1));
                }
                long now = System.nanoTime();
                // the first item is looked for in the store, where it shows before add-to-feed's first metric line
                // (written when its invocation ends); the count is small until then
                if (first == 0 && feedsHolding(dynamodb, feedsTable, yublId) > 0) {
                    first = now;
                }
                // add-to-feed's own count can run ahead of the store (a redelivered message counts twice): the
                // store has the last word
                if (written >= expected) {
                    // taken before the count, which reads 100,000 index entries
                    ProcessCpu.Snapshot cpuTo = ProcessCpu.take();
                    if (feedsHolding(dynamodb, feedsTable, yublId) >= expected) {
                        return new Measured(
                                (first - posted) / 1e6,
                                (now - posted) / 1e6,
                                expected / ((now - first) / 1e9),
                                ProcessCpu.between(cpuFrom, cpuTo));
                    }
                }
                Thread.sleep(first == 0 ? 20 : 250);
            }
        }
        throw new IllegalStateException(
                "yubl " + yublId + " did not reach all " + expected + " feeds within 20 minutes");
    }

    private static int lastNewline(byte[] bytes) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** How many feeds hold the yubl (through the byYubl index: a count reads at most 1 MB a page; pages summed). */
    private static int feedsHolding(DynamoDbClient dynamodb, String feedsTable, String yublId) {
        return dynamodb
                .queryPaginator(q -> q.tableName(feedsTable)
                        .indexName(FeedRepository.BY_YUBL)
                        .select(Select.COUNT)
                        .keyConditionExpression("yublId = :y")
                        .expressionAttributeValues(Map.of(":y", AttributeValue.fromS(yublId))))
                .stream()
                .mapToInt(page -> page.count())
                .sum();
    }
}
