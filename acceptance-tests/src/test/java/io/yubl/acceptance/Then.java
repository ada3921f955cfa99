package io.yubl.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.yubl.contracts.Contracts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The Then steps: what must become true. The pipeline is eventually consistent, so they poll (Awaitility, every
 * 250 ms, at most {@link #PATIENCE}) rather than sleep; they read through the When steps, so they work in both modes.
 */
public final class Then {
    public static final Duration PATIENCE = Duration.ofSeconds(45);
    private static final Path HOST_LOG = Path.of("../.local-cloud/logs/host.log");

    private final When when;

    public Then(When when) {
        this.when = when;
    }

    public void eventually(String what, Callable<Boolean> condition) {
        eventually(what, condition, PATIENCE);
    }

    public void eventually(String what, Callable<Boolean> condition, Duration patience) {
        await(what).atMost(patience).pollInterval(Duration.ofMillis(250)).until(condition);
    }

    /** The yubl ids of a user's whole feed, newest first, page by page. */
    public List<String> feedOf(String userId) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            Response page = when.readsOwnFeed(userId, 100, cursor);
            assertThat(page.status())
                    .as("reading the feed of %s: %s", userId, page.body())
                    .isEqualTo(200);
            ids.addAll(page.body().get("items").findValuesAsText("yublId"));
            cursor = page.body().path("nextCursor").isTextual()
                    ? page.body().get("nextCursor").asText()
                    : null;
        } while (cursor != null);
        return ids;
    }

    public void feedEventuallyHolds(String userId, String yublId) {
        eventually(
                "yubl " + yublId + " in the feed of " + userId,
                () -> feedOf(userId).contains(yublId));
        assertThat(feedOf(userId)).as("one copy").containsOnlyOnce(yublId);
    }

    public void feedEventuallyLacks(String userId, String yublId) {
        eventually(
                "yubl " + yublId + " gone from the feed of " + userId,
                () -> !feedOf(userId).contains(yublId));
    }

    public List<String> followersOf(String userId, String asUser) {
        Response followers = when.listsFollowers(asUser, userId);
        assertThat(followers.status()).isEqualTo(200);
        return followers.body().get("items").findValuesAsText("userId");
    }

    public void searchEventuallyFinds(String asUser, String query, String userId) {
        eventually("'" + query + "' finds " + userId, () -> {
            Response found = when.searches(asUser, query);
            assertThat(found.status()).isEqualTo(200);
            return found.body().get("items").findValuesAsText("userId").contains(userId);
        });
    }

    /** The user's notifications (the first page of 100) with their unseen and unread counts. */
    public JsonNode notificationsOf(String userId) {
        Response page = when.readsNotifications(userId, 100, null);
        assertThat(page.status())
                .as("reading the notifications of %s: %s", userId, page.body())
                .isEqualTo(200);
        return page.body();
    }

    /** Waits until the user has a notification of this kind that this actor caused; returns it. */
    public JsonNode notificationEventuallyArrives(String userId, String kind, String actorId) {
        eventually(
                kind + " notification from " + actorId + " for " + userId,
                () -> notification(userId, kind, actorId) != null);
        return notification(userId, kind, actorId);
    }

    public void notificationsEventuallyLack(String userId, String kind, String actorId) {
        eventually(
                "no " + kind + " notification from " + actorId + " for " + userId,
                () -> notification(userId, kind, actorId) == null);
    }

    private JsonNode notification(String userId, String kind, String actorId) {
        for (JsonNode item : notificationsOf(userId).get("items")) {
            if (kind.equals(item.path("kind").asText())
                    && item.get("actors").findValuesAsText("userId").contains(actorId)) {
                return item;
            }
        }
        return null;
    }

    public void isRefused(Response response, int status) {
        assertThat(response.status()).as("%s", response.body()).isEqualTo(status);
        assertThat(response.body().path("correlationId").asText()).isNotBlank();
    }

    /** Log lines of these functions carry the correlation id (readable only on this machine's local cloud). */
    public void pipelineLogsCarry(String correlationId, String... functions) {
        eventually("log lines of " + String.join(", ", functions) + " with " + correlationId, () -> {
            List<String> seen = new ArrayList<>();
            for (String line : Files.readAllLines(HOST_LOG)) {
                if (line.startsWith("{") && line.contains(correlationId)) {
                    JsonNode json = read(line);
                    if (correlationId.equals(json.path("x-correlation-id").asText())) {
                        seen.add(json.path("function").asText());
                    }
                }
            }
            return Arrays.stream(functions).allMatch(f -> seen.stream().anyMatch(s -> s.endsWith(f)));
        });
    }

    private static JsonNode read(String line) {
        try {
            return Contracts.json().readTree(line);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
