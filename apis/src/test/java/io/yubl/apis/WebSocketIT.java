package io.yubl.apis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.yubl.contracts.Contracts;
import io.yubl.localcloud.client.DevTokens;
import io.yubl.localcloud.client.LocalEndpoints;
import io.yubl.localcloud.client.RunningPipeline;
import io.yubl.middleware.auth.Principal;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The WebSocket API on the running local cloud, with the JDK's WebSocket client as an app would connect: a user's
 * token admits it and their notifications arrive on it; a forged token or none is refused at the handshake.
 */
class WebSocketIT {
    private static final RunningPipeline pipeline = RunningPipeline.shared();
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final URI SOCKET =
            URI.create("ws://127.0.0.1:" + LocalEndpoints.webSocketPort() + "/" + LocalEndpoints.STAGE);
    private final List<WebSocket> opened = new ArrayList<>();

    @AfterEach
    void closeSockets() {
        opened.forEach(s -> s.sendClose(WebSocket.NORMAL_CLOSURE, "done"));
    }

    /** The messages a socket receives, in order. */
    private static final class Inbox implements WebSocket.Listener {
        final List<JsonNode> messages = new CopyOnWriteArrayList<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    messages.add(Contracts.json().readTree(partial.toString()));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                partial.setLength(0);
            }
            socket.request(1);
            return null;
        }
    }

    private WebSocket connect(String token, Inbox inbox) throws Exception {
        WebSocket socket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .buildAsync(URI.create(SOCKET + "?token=" + token), inbox)
                .get(10, TimeUnit.SECONDS);
        opened.add(socket);
        return socket;
    }

    @Test
    void a_follow_arrives_on_the_followees_socket_within_seconds() throws Exception {
        // Given Ada connected with her token
        String ada = pipeline.join("Ada");
        String bob = pipeline.join("Bob");
        Inbox inbox = new Inbox();
        connect(DevTokens.user(ada), inbox);

        // When Bob follows her
        pipeline.follow(bob, ada);

        // Then
        await().atMost(PATIENCE).until(() -> !inbox.messages.isEmpty());
        JsonNode message = inbox.messages.get(0);
        assertThat(message.path("type").asText()).isEqualTo("notification");
        assertThat(message.path("notification").path("kind").asText()).isEqualTo("followed");
        assertThat(message.path("notification").path("actors").findValuesAsText("userId"))
                .containsExactly(bob);
        assertThat(message.path("unseen").asLong()).isEqualTo(1);
    }

    @Test
    void a_forged_token_or_none_cannot_connect() {
        String ada = pipeline.join("Ada");
        String forged = ForgedTokens.withTheMonolithsKidAndAnotherKey(Principal.user(ada));

        for (String token : new String[] {forged, "", "garbage"}) {
            assertThatThrownBy(() -> connect(token, new Inbox()))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(WebSocketHandshakeException.class)
                    .satisfies(e -> assertThat(((WebSocketHandshakeException) e)
                                    .getResponse()
                                    .statusCode())
                            .isEqualTo(401));
        }
    }

    @Test
    void a_genuine_service_token_is_refused_with_403_by_the_connect_behind_the_authorizer() {
        // Given the monolith's own token: genuine, but no user's
        String service = DevTokens.service("legacy-monolith");

        // When it connects, Then the authorizer names the service and $connect refuses it
        assertThatThrownBy(() -> connect(service, new Inbox()))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(
                                ((WebSocketHandshakeException) e).getResponse().statusCode())
                        .isEqualTo(403));
    }

    @Test
    void a_connection_api_gateway_says_is_gone_is_forgotten_and_the_live_one_still_gets_the_message() throws Exception {
        // Given Cy connected, and a connection of hers recorded that API Gateway no longer has
        String cy = pipeline.join("Cy");
        Inbox inbox = new Inbox();
        connect(DevTokens.user(cy), inbox);
        String table = pipeline.ref("ConnectionsTable");
        Map<String, AttributeValue> gone = Map.of("connectionId", AttributeValue.fromS("gone-" + cy));
        pipeline.dynamodb.putItem(r -> r.tableName(table)
                .item(Map.of(
                        "connectionId",
                        gone.get("connectionId"),
                        "userId",
                        AttributeValue.fromS(cy),
                        "expiresAt",
                        AttributeValue.fromN(
                                Long.toString(Instant.now().plusSeconds(3600).getEpochSecond())))));

        // When someone follows her
        pipeline.follow(pipeline.join("Dan"), cy);

        // Then
        await().atMost(PATIENCE).until(() -> !inbox.messages.isEmpty());
        await().atMost(PATIENCE)
                .until(() -> !pipeline.dynamodb
                        .getItem(r -> r.tableName(table).key(gone))
                        .hasItem());
    }
}
