package io.yubl.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.yubl.contracts.Contracts;
import io.yubl.contracts.RetryPolicy;
import io.yubl.localcloud.Provisioner;
import io.yubl.localcloud.client.AwsClients;
import io.yubl.localcloud.client.DevTokens;
import io.yubl.localcloud.client.Intrinsics;
import io.yubl.localcloud.client.LocalEndpoints;
import io.yubl.localcloud.client.Template;
import io.yubl.middleware.auth.ServiceToken;
import io.yubl.stores.BatchWriter;
import io.yubl.stores.FeedEntry;
import io.yubl.stores.FeedRepository;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A soak of the running pipeline (bin/run): for MINUTES, one operation at a time at a paced RATE per second, a mix of
 * joins, follows, unfollows, posts, deletes (by their authors), feed reads and searches, bounded in count (at most
 * 200 users, 30 yubls an author). Then it waits for the pipeline to settle and reconciles from the stores: every
 * live yubl is in its author's feed and each current follower's, exactly once, and in no other feed; deleted yubls
 * are in none. It reports 5xx answers, dead letters that arrived during the soak, the local cloud's RSS at the start,
 * every minute and at the end, and p50/p99 per route. Writes bench-results/soak.json, and exits 1 if there was a
 * 5xx, a dead letter or a feed that does not reconcile.
 * Usage: SoakBenchmark [minutes=10] [rate=20]
 */
public final class SoakBenchmark {
    private static final URI API = URI.create("http://127.0.0.1:" + LocalEndpoints.apiPort());
    /**
     * The monolith's token, renewed before it expires: a service token lives at most an hour, a soak may run longer.
     */
    private static final ServiceToken MONOLITH = new ServiceToken(DevTokens.local(), "legacy-monolith");

    private static final int MAX_USERS = 200;
    private static final int MAX_YUBLS_PER_AUTHOR = 30;
    private static final List<String> DEAD_LETTER_QUEUES =
            List.of("EventsDeadLetterQueue", "AddToFeedDeadLetterQueue", "FanoutContinuationsDeadLetterQueue");

    private final HttpClient http = HttpClient.newHttpClient();
    private final Random random = new Random(42);
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    private final List<String> users = new ArrayList<>();
    private final Set<String> following = new HashSet<>();
    private final Map<String, String> authorOf = new LinkedHashMap<>();
    private final Set<String> deleted = new HashSet<>();
    private final Map<String, List<Double>> latencies = new TreeMap<>();
    private int serverErrors;
    private int clientErrors;

    private SoakBenchmark() {}

    public static void main(String[] args) throws Exception {
        double minutes = args.length > 0 ? Double.parseDouble(args[0]) : 10;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        new SoakBenchmark().soak(minutes, rate);
    }

    private void soak(double minutes, int rate) throws Exception {
        Intrinsics resources = Provisioner.local(
                        Template.loadWithOverridesFromEnvironment(Path.of("template.yaml")), line -> {})
                .provision();
        try (DynamoDbClient dynamodb = AwsClients.dynamodb();
                SqsClient sqs = AwsClients.sqs()) {
            FeedRepository feeds = new FeedRepository(
                    dynamodb,
                    resources.resolveString(Map.of("Ref", "FeedsTable")),
                    new BatchWriter(dynamodb, RetryPolicy.DEFAULT));
            Map<String, String> queues = new LinkedHashMap<>();
            DEAD_LETTER_QUEUES.forEach(q -> queues.put(q, resources.resolveString(Map.of("Ref", q))));
            Map<String, Integer> deadLettersBefore = depths(sqs, queues);
            List<Long> rss = new ArrayList<>(List.of(localCloudRssKib()));
            System.out.printf(
                    "soak: %.1f minutes at %d operations/s; the local cloud's RSS at the start: %,d MiB%n",
                    minutes, rate, rss.get(0) / 1024);
            for (int i = 0; i < 20; i++) {
                join();
            }
            long start = System.nanoTime();
            long end = start + (long) (minutes * 60e9);
            long periodNanos = 1_000_000_000L / rate;
            long next = start;
            long nextMinute = start + 60_000_000_000L;
            int operations = 0;
            while (System.nanoTime() < end) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                next += periodNanos;
                step();
                operations++;
                if (System.nanoTime() >= nextMinute) {
                    rss.add(localCloudRssKib());
                    System.out.printf(
                            "  minute %d: %,d operations, %d 5xx, RSS %,d MiB%n",
                            rss.size() - 1, operations, serverErrors, rss.get(rss.size() - 1) / 1024);
                    nextMinute += 60_000_000_000L;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    "load done: %,d operations in %.0f s (%.1f/s), %d users, %d yubls (%d deleted), %d follows now%n",
                    operations,
                    seconds,
                    operations / seconds,
                    users.size(),
                    authorOf.size(),
                    deleted.size(),
                    following.size());

            long settling = System.nanoTime();
            List<String> mismatches = reconcile(feeds);
            while (!mismatches.isEmpty() && System.nanoTime() - settling < 180e9) {
                Thread.sleep(5_000);
                mismatches = reconcile(feeds);
            }
            double settled = (System.nanoTime() - settling) / 1e9;
            rss.add(localCloudRssKib());
            Map<String, Integer> deadLettersAfter = depths(sqs, queues);
            Map<String, Integer> deadLetters = new LinkedHashMap<>();
            queues.keySet().forEach(q -> deadLetters.put(q, deadLettersAfter.get(q) - deadLettersBefore.get(q)));
            report(minutes, rate, operations, seconds, settled, mismatches, deadLetters, rss);
            boolean clean = serverErrors == 0
                    && mismatches.isEmpty()
                    && deadLetters.values().stream().allMatch(n -> n == 0);
            if (!clean) {
                System.out.println("the soak found problems (above): exit status 1");
                System.exit(1);
            }
        }
    }

    /** One operation of the mix, chosen at random within the bounds. */
    private void step() throws Exception {
        int dice = random.nextInt(100);
        String user = users.get(random.nextInt(users.size()));
        if (dice < 5 && users.size() < MAX_USERS) {
            join();
        } else if (dice < 20) {
            String other = users.get(random.nextInt(users.size()));
            if (!other.equals(user) && following.add(user + " " + other)) {
                call(
                        "PUT /legacy/users/{userId}/following/{otherUserId}",
                        "PUT",
                        "/legacy/users/" + user + "/following/" + other,
                        MONOLITH.bearer(),
                        null);
            }
        } else if (dice < 27) {
            List<String> mine =
                    following.stream().filter(f -> f.startsWith(user + " ")).toList();
            if (!mine.isEmpty()) {
                String pair = mine.get(random.nextInt(mine.size()));
                following.remove(pair);
                call(
                        "DELETE /legacy/users/{userId}/following/{otherUserId}",
                        "DELETE",
                        "/legacy/users/" + user + "/following/" + pair.split(" ")[1],
                        MONOLITH.bearer(),
                        null);
            }
        } else if (dice < 45) {
            if (authorOf.values().stream().filter(user::equals).count() < MAX_YUBLS_PER_AUTHOR) {
                JsonNode posted = call(
                        "POST /legacy/users/{userId}/yubls",
                        "POST",
                        "/legacy/users/" + user + "/yubls",
                        MONOLITH.bearer(),
                        "{\"text\":\"soak " + run + " yubl " + authorOf.size() + "\"}");
                if (posted != null) {
                    authorOf.put(posted.get("yublId").asText(), user);
                }
            }
        } else if (dice < 50) {
            List<String> mine = authorOf.entrySet().stream()
                    .filter(e -> e.getValue().equals(user) && !deleted.contains(e.getKey()))
                    .map(Map.Entry::getKey)
                    .toList();
            if (!mine.isEmpty()) {
                String yublId = mine.get(random.nextInt(mine.size()));
                deleted.add(yublId);
                call(
                        "DELETE /legacy/users/{userId}/yubls/{yublId}",
                        "DELETE",
                        "/legacy/users/" + user + "/yubls/" + yublId,
                        MONOLITH.bearer(),
                        null);
            }
        } else if (dice < 85) {
            call("GET /feed", "GET", "/feed?limit=20", "Bearer " + DevTokens.user(user), null);
        } else {
            call("GET /search/users", "GET", "/search/users?q=soak" + run, "Bearer " + DevTokens.user(user), null);
        }
    }

    private void join() throws Exception {
        int n = users.size();
        JsonNode joined = call(
                "POST /legacy/users",
                "POST",
                "/legacy/users",
                MONOLITH.bearer(),
                "{\"username\":\"soak" + run + "u" + n + "\",\"firstName\":\"Soak" + run + "\",\"lastName\":\"User" + n
                        + "\"}");
        if (joined != null) {
            users.add(joined.get("userId").asText());
        }
    }

    /** The call's body when it answered 2xx; null otherwise (a 4xx or 5xx is counted). */
    private JsonNode call(String route, String method, String path, String authorization, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(API.resolve(path))
                .header("authorization", authorization)
                .header("x-correlation-id", "soak-" + run + "-" + System.nanoTime())
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        long t0 = System.nanoTime();
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        latencies.computeIfAbsent(route, r -> new ArrayList<>()).add((System.nanoTime() - t0) / 1e6);
        if (response.statusCode() >= 500) {
            serverErrors++;
            System.out.printf("  %s %s: HTTP %d %s%n", method, path, response.statusCode(), response.body());
            return null;
        }
        if (response.statusCode() >= 300) {
            clientErrors++;
            System.out.printf("  %s %s: HTTP %d %s%n", method, path, response.statusCode(), response.body());
            return null;
        }
        return response.body().isEmpty()
                ? Contracts.json().createObjectNode()
                : Contracts.json().readTree(response.body());
    }

    /** Every difference between what the feeds hold and what they should hold; empty when they agree. */
    private List<String> reconcile(FeedRepository feeds) {
        Map<String, Set<String>> followees = new HashMap<>();
        following.forEach(pair -> followees
                .computeIfAbsent(pair.split(" ")[0], u -> new HashSet<>())
                .add(pair.split(" ")[1]));
        List<String> mismatches = new ArrayList<>();
        for (String user : users) {
            Set<String> authors = new HashSet<>(followees.getOrDefault(user, Set.of()));
            authors.add(user);
            Set<String> expected = authorOf.entrySet().stream()
                    .filter(e -> authors.contains(e.getValue()) && !deleted.contains(e.getKey()))
                    .map(Map.Entry::getKey)
                    .collect(Collectors.toSet());
            Map<String, Long> held = feeds.entries(user).stream()
                    .map(FeedEntry::yublId)
                    .filter(authorOf::containsKey)
                    .collect(Collectors.groupingBy(y -> y, Collectors.counting()));
            for (String yublId : expected) {
                long copies = held.getOrDefault(yublId, 0L);
                if (copies != 1) {
                    mismatches.add(user + " holds " + copies + " copies of " + yublId + " by " + authorOf.get(yublId));
                }
            }
            held.keySet().stream()
                    .filter(y -> !expected.contains(y))
                    .forEach(y -> mismatches.add(user + " holds " + y + " by " + authorOf.get(y)
                            + (deleted.contains(y) ? ", deleted" : ", whom they do not follow")));
        }
        return mismatches;
    }

    private static Map<String, Integer> depths(SqsClient sqs, Map<String, String> queues) {
        Map<String, Integer> depths = new LinkedHashMap<>();
        queues.forEach((name, url) -> {
            Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(url)
                            .attributeNames(
                                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                    .attributes();
            depths.put(
                    name,
                    Integer.parseInt(attributes.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0"))
                            + Integer.parseInt(attributes.getOrDefault(
                                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0")));
        });
        return depths;
    }

    /** The resident memory of the local cloud: every process of the process groups bin/stack and bin/run started. */
    private static long localCloudRssKib() throws IOException {
        Set<Long> groups = new HashSet<>();
        try (var pids = Files.list(Path.of(".local-cloud/pids"))) {
            for (Path pid : pids.filter(p -> p.getFileName().toString().endsWith(".pid"))
                    .toList()) {
                groups.add(Long.parseLong(Files.readString(pid).trim()));
            }
        }
        long kib = 0;
        for (ProcessHandle process : ProcessHandle.allProcesses().toList()) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
                long group =
                        Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[2]);
                if (groups.contains(group) || groups.contains(process.pid())) {
                    kib += Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status")).stream()
                            .filter(l -> l.startsWith("VmRSS:"))
                            .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
                            .sum();
                }
            } catch (IOException | RuntimeException gone) {
                // the process ended meanwhile
            }
        }
        return kib;
    }

    private void report(
            double minutes,
            int rate,
            int operations,
            double seconds,
            double settled,
            List<String> mismatches,
            Map<String, Integer> deadLetters,
            List<Long> rss)
            throws IOException {
        StringBuilder routes = new StringBuilder();
        latencies.forEach((route, all) -> {
            double[] sorted =
                    all.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            routes.append(routes.length() == 0 ? "" : ",\n")
                    .append(String.format(
                            "    {\"route\": \"%s\", \"calls\": %d, \"p50Millis\": %.1f, \"p99Millis\": %.1f}",
                            route,
                            sorted.length,
                            FanoutBenchmark.percentile(sorted, 50),
                            FanoutBenchmark.percentile(sorted, 99)));
            System.out.printf(
                    "  %-55s %6d calls  p50 %7.1f ms  p99 %7.1f ms%n",
                    route,
                    sorted.length,
                    FanoutBenchmark.percentile(sorted, 50),
                    FanoutBenchmark.percentile(sorted, 99));
        });
        String json = String.format(
                "{%n  \"benchmark\": \"soak\",%n  \"at\": \"%s\",%n  \"minutes\": %.1f,%n  \"ratePerSecond\": %d,%n"
                        + "  \"operations\": %d,%n  \"seconds\": %.0f,%n  \"users\": %d,%n  \"yubls\": %d,%n  "
                        + "\"deletedYubls\": %d,%n"
                        + "  \"follows\": %d,%n  \"serverErrors\": %d,%n  \"clientErrors\": %d,%n  "
                        + "\"deadLettersDuringSoak\": %s,%n"
                        + "  \"settledAfterSeconds\": %.0f,%n  \"feedMismatches\": %d,%n  \"firstMismatches\": %s,%n"
                        + "  \"rssMiB\": %s,%n  \"routes\": [%n%s%n  ]%n}%n",
                Instant.now(),
                minutes,
                rate,
                operations,
                seconds,
                users.size(),
                authorOf.size(),
                deleted.size(),
                following.size(),
                serverErrors,
                clientErrors,
                Contracts.json().writeValueAsString(deadLetters),
                settled,
                mismatches.size(),
                Contracts.json()
                        .writeValueAsString(mismatches.stream().limit(10).toList()),
                rss.stream().map(k -> Long.toString(k / 1024)).collect(Collectors.joining(", ", "[", "]")),
                routes);
        Path out = Path.of("bench-results", "soak.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, json);
        System.out.printf(
                "5xx: %d (goal 0); 4xx: %d; dead letters during the soak: %s (goal 0); feeds %s after %.0f s;"
                        + " RSS MiB: %s (goal: no steady growth)%nwritten to %s%n",
                serverErrors,
                clientErrors,
                deadLetters,
                mismatches.isEmpty() ? "reconciled" : mismatches.size() + " mismatches, e.g. " + mismatches.get(0),
                settled,
                rss.stream().map(k -> Long.toString(k / 1024)).collect(Collectors.joining(" ")),
                out);
    }
}
