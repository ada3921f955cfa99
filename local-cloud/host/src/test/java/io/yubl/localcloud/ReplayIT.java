package io.yubl.localcloud;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * bin/replay against the local cloud, as an operator runs it: users who joined while OpenSearch was down, for longer
 * than index-user's retries (5 retries of each batch, bisected down to single records, each then sent to the
 * events dead-letter queue as Lambda's on-failure metadata), are searchable after OpenSearch is back and the queue
 * is replayed, each once.
 */
class ReplayIT {
    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    private static final Path HOST_LOG = ROOT.resolve(".local-cloud/logs/host.log");
    private static final int USERS = 50;
    private static final RunningPipeline pipeline = RunningPipeline.shared();

    @Test
    void users_who_joined_while_opensearch_was_down_are_searchable_once_after_a_replay() throws Exception {
        // Given OpenSearch stopped, and 50 users joining meanwhile, until index-user has given up on every one
        String name = "Replay" + UUID.randomUUID().toString().replaceAll("[^a-z]", "").substring(0, 6);
        long logFrom = Files.size(HOST_LOG);
        run("pid=$(cat .local-cloud/pids/opensearch.pid); kill $pid; while kill -0 $pid 2>/dev/null; do sleep 0.2; done");
        List<String> users;
        try {
            users = pipeline.joinMany(name, USERS);
            await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> skippedByIndexUserSince(logFrom) >= USERS);
        } finally {
            run("bin/stack up");
        }

        // When the events dead-letter queue is replayed
        String report = run("bin/replay events local");

        // Then it says it replayed them, and every user is searchable, once
        assertThat(report).containsPattern("replayed [0-9]+").contains("failed again 0");
        assertThat(Integer.parseInt(report.replaceAll("(?s).*replayed ([0-9]+).*", "$1"))).isGreaterThanOrEqualTo(USERS);
        String token = "Bearer " + DevTokens.user(users.get(0));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(search(name, token)).hasSize(USERS));
        assertThat(search(name, token)).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(users);
    }

    private static List<String> search(String q, String token) {
        JsonNode page = pipeline.call("GET", "/search/users?limit=100&q=" + q, null, null, token);
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("userId").asText()));
        return ids;
    }

    /** The host's lines, since the given offset of its log, saying index-user sent a record to its on-failure destination. */
    private static long skippedByIndexUserSince(long offset) throws Exception {
        String log = Files.readString(HOST_LOG);
        return log.substring((int) Math.min(offset, log.length())).lines()
                .filter(l -> l.contains("index-user") && l.contains("its metadata goes to the on-failure destination")).count();
    }

    private static String run(String command) throws Exception {
        File output = File.createTempFile("replay-it", ".log");
        Process process = new ProcessBuilder("bash", "-c", command).directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(output).start();
        int exit = process.waitFor();
        String text = Files.readString(output.toPath());
        Files.writeString(ROOT.resolve(".local-cloud/logs/replay-it.log"), "$ " + command + "\n" + text + "\n",
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        if (exit != 0) {
            throw new IllegalStateException("'" + command + "' exited " + exit + ": " + text);
        }
        return text;
    }
}
