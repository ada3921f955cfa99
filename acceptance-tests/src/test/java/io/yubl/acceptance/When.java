package io.yubl.acceptance;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import io.yubl.contracts.Contracts;
import io.yubl.localcloud.client.DevTokens;
import io.yubl.localcloud.client.LocalEndpoints;
import io.yubl.localcloud.client.Template;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The When steps: what a client does to the system. The only place that knows TEST_MODE: {@code handler} (the
 * default) calls the handler classes in-process, {@code http} calls the system over HTTP at {@code API_BASE_URL}
 * (the local cloud unless set). Each step returns what the system answered.
 */
public final class When {
    public static final String MODE = System.getenv().getOrDefault("TEST_MODE", "handler");
    private static final String BASE_URL =
            System.getenv().getOrDefault("API_BASE_URL", "http://127.0.0.1:" + LocalEndpoints.apiPort());
    private static final Driver DRIVER = switch (MODE) {
        case "handler" -> new HandlerDriver(Template.load(Path.of("../template.yaml")));
        case "http" -> new HttpDriver(URI.create(BASE_URL));
        default -> throw new IllegalStateException("TEST_MODE must be 'handler' or 'http', was '" + MODE + "'");
    };
    private static final String MONOLITH = "Bearer " + DevTokens.service("legacy-monolith");

    /** Whether the system under test is this machine's local cloud (whose logs the Then steps can read). */
    public static boolean againstLocalCloud() {
        return MODE.equals("handler") || BASE_URL.contains("127.0.0.1") || BASE_URL.contains("localhost");
    }

    // --- through the legacy facade, as the monolith -------------------------------------------------------------

    public Response userJoins(String username, String firstName, String lastName, String correlationId) {
        return facade(
                "POST",
                "/legacy/users",
                correlationId,
                json("username", username, "firstName", firstName, "lastName", lastName));
    }

    public Response userFollows(String followerId, String followeeId) {
        return facade("PUT", "/legacy/users/" + followerId + "/following/" + followeeId, null, null);
    }

    public Response userUnfollows(String followerId, String followeeId) {
        return facade("DELETE", "/legacy/users/" + followerId + "/following/" + followeeId, null, null);
    }

    public Response userPosts(String authorId, String text, String correlationId) {
        return facade("POST", "/legacy/users/" + authorId + "/yubls", correlationId, json("text", text));
    }

    public Response userDeletes(String authorId, String yublId) {
        return facade("DELETE", "/legacy/users/" + authorId + "/yubls/" + yublId, null, null);
    }

    // --- through the APIs, as a user ----------------------------------------------------------------------------

    public Response readsOwnFeed(String userId, int limit, String cursor) {
        return asUser(
                userId, "/feed?limit=" + limit + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, UTF_8)));
    }

    public Response readsFeedOf(String userId, String ownerId) {
        return asUser(userId, "/users/" + ownerId + "/feed");
    }

    public Response searches(String userId, String query) {
        return asUser(userId, "/search/users?q=" + URLEncoder.encode(query, UTF_8));
    }

    public Response listsFollowers(String userId, String ofUserId) {
        return asUser(userId, "/users/" + ofUserId + "/followers?limit=100");
    }

    public Response readsNotifications(String userId, int limit, String cursor) {
        return asUser(
                userId,
                "/notifications?limit=" + limit
                        + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, UTF_8)));
    }

    public Response marksNotificationsSeen(String userId) {
        return asUser("POST", userId, "/notifications/seen");
    }

    public Response marksNotificationRead(String userId, String notificationId) {
        return asUser("POST", userId, "/notifications/" + URLEncoder.encode(notificationId, UTF_8) + "/read");
    }

    private Response asUser(String userId, String pathAndQuery) {
        return asUser("GET", userId, pathAndQuery);
    }

    private Response asUser(String method, String userId, String pathAndQuery) {
        return DRIVER.call(method, pathAndQuery, Map.of("authorization", "Bearer " + DevTokens.user(userId)), null);
    }

    private Response facade(String method, String path, String correlationId, String body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("authorization", MONOLITH);
        if (correlationId != null) {
            headers.put("x-correlation-id", correlationId);
        }
        return DRIVER.call(method, path, headers, body);
    }

    private static String json(String... namesAndValues) {
        var body = Contracts.json().createObjectNode();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            body.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return body.toString();
    }

    static String text(JsonNode body, String field) {
        return body == null ? null : body.path(field).asText(null);
    }
}
