package io.yubl.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yubl.contracts.Contracts;
import io.yubl.contracts.CorrelationIds;
import io.yubl.contracts.FeedFanoutMessage;
import io.yubl.localcloud.client.AwsClients;
import io.yubl.localcloud.client.DevTokens;
import io.yubl.localcloud.client.RunningPipeline;
import io.yubl.stores.it.LocalStores;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * bin/replay against the local cloud, as an operator runs it: users who joined while OpenSearch was down, for longer
 * than index-user's retries (5 retries of each batch, bisected down to single records, each then sent to the
 * events dead-letter queue as Lambda's on-failure metadata), are searchable after OpenSearch is back and the queue
 * is replayed, each once; and fan-out messages moved to add-to-feed's dead-letter queue reach their feeds.
 */
class ReplayIT {
    private static final Path ROOT = RunningPipeline.ROOT;
    private static final Path HOST_LOG = RunningPipeline.HOST_LOG;
    private static final int USERS = 50;
    private static final RunningPipeline pipeline = RunningPipeline.shared();
    private static final LocalStores stores = LocalStores.shared();

    @Test
    void users_who_joined_while_opensearch_was_down_are_searchable_once_after_a_replay() throws Exception {
        // Given OpenSearch stopped, and 50 users joining meanwhile, until index-user has given up on every one
        String name =
                "Replay" + UUID.randomUUID().toString().replaceAll("[^a-z]", "").substring(0, 6);
        long logFrom = Files.size(HOST_LOG);
        run("pid=$(cat .local-cloud/pids/opensearch.pid); kill $pid; while kill -0 $pid 2>/dev/null; do "
                + "sleep 0.2; done");
        List<String> users;
        try {
            users = pipeline.joinMany(name, USERS);
            await().atMost(Duration.ofMinutes(8))
                    .pollInterval(Duration.ofSeconds(2))
                    .until(() -> skippedByIndexUserSince(logFrom) >= USERS);
        } finally {
            run("bin/stack up");
        }

        // When the events dead-letter queue is replayed
        String report = run("bin/replay events local");

        // Then it says it replayed them, and every user is searchable, once
        assertThat(report).containsPattern("replayed [0-9]+").contains("failed again 0");
        assertThat(Integer.parseInt(report.replaceAll("(?s).*replayed ([0-9]+).*", "$1")))
                .isGreaterThanOrEqualTo(USERS);
        String token = "Bearer " + DevTokens.user(users.get(0));
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(search(name, token)).hasSize(USERS));
        assertThat(search(name, token)).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(users);
    }

    @Test
    void fan_out_messages_moved_to_add_to_feeds_dead_letter_queue_reach_their_feeds_after_a_replay() throws Exception {
        // Given a fan-out message to a follower that the queue's redrive policy moved to the dead-letter queue (as SNS
        // delivered it), and a letter add-to-feed sent for a message that breaks its contract
        String run = UUID.randomUUID().toString().substring(0, 8);
        String reader = "redrive-reader-" + run;
        String author = "redrive-author-" + run;
        String yublId = "redrive-yubl-" + run;
        stores.relationships.follow(reader, author, Instant.now());
        String fanout = Contracts.encodeFanout(
                new FeedFanoutMessage(yublId, author, Instant.now().truncatedTo(ChronoUnit.MILLIS), List.of(reader)));
        ObjectNode envelope = Contracts.json()
                .createObjectNode()
                .put("Type", "Notification")
                .put("MessageId", run)
                .put("TopicArn", pipeline.ref("FeedFanoutTopic"))
                .put("Message", fanout);
        envelope.putObject("MessageAttributes")
                .putObject(CorrelationIds.HEADER)
                .put("Type", "String")
                .put("Value", "it-redrive-" + run);
        String refused = Contracts.json()
                .createObjectNode()
                .put("function", "yubl-local-add-to-feed")
                .put("reason", "fan-out message: $.followerIds: is required (" + run + ")")
                .put("data", "{}")
                .toString();
        String deadLetters = pipeline.ref("AddToFeedDeadLetterQueue");
        try (SqsClient sqs = AwsClients.sqs()) {
            sqs.sendMessage(r -> r.queueUrl(deadLetters).messageBody(envelope.toString()));
            sqs.sendMessage(r -> r.queueUrl(deadLetters).messageBody(refused));

            // When the queue is replayed
            String report = run("bin/replay add-to-feed local");

            // Then the message reached its feed, and the refused letter is still there for a person to read
            assertThat(report)
                    .containsPattern("replayed [1-9]")
                    .containsPattern("skipped [1-9]")
                    .contains("failed again 0");
            await().atMost(Duration.ofSeconds(60)).until(() -> stores.copiesInFeed(reader, yublId) == 1);
            List<Message> left = sqs.receiveMessage(
                            r -> r.queueUrl(deadLetters).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages();
            assertThat(left).anySatisfy(m -> assertThat(m.body()).contains(run));
            left.stream()
                    .filter(m -> m.body().contains(run))
                    .forEach(m -> sqs.deleteMessage(r -> r.queueUrl(deadLetters).receiptHandle(m.receiptHandle())));
        }
    }

    private static List<String> search(String q, String token) {
        JsonNode page = pipeline.call("GET", "/search/users?limit=100&q=" + q, null, null, token);
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("userId").asText()));
        return ids;
    }

    /**
     * The host's lines, since the given offset of its log, saying index-user sent a record to its on-failure
     * destination.
     */
    private static long skippedByIndexUserSince(long offset) throws Exception {
        String log = Files.readString(HOST_LOG);
        return log.substring((int) Math.min(offset, log.length()))
                .lines()
                .filter(l -> l.contains("index-user") && l.contains("its metadata goes to the on-failure destination"))
                .count();
    }

    private static String run(String command) throws Exception {
        File output = File.createTempFile("replay-it", ".log");
        Process process = new ProcessBuilder("bash", "-c", command)
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output)
                .start();
        int exit = process.waitFor();
        String text = Files.readString(output.toPath());
        Files.writeString(
                ROOT.resolve(".local-cloud/logs/replay-it.log"),
                "$ " + command + "\n" + text + "\n",
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        if (exit != 0) {
            throw new IllegalStateException("'" + command + "' exited " + exit + ": " + text);
        }
        return text;
    }
}
