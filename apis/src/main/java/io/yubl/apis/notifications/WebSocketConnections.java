package io.yubl.apis.notifications;

import io.yubl.middleware.auth.Principal;
import io.yubl.stores.Dynamo;
import io.yubl.stores.notifications.Connections;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket API's routes. {@code $connect} admits a user with the same tokens as the HTTP API, given as the
 * {@code token} query parameter (browsers cannot set headers on a WebSocket): the route's authorizer, the HTTP API's,
 * says who the caller is ({@code principal}) or why it cannot ({@code authError}) in the request context, and a user
 * gets the connection recorded; anything else is refused with 401 or 403, which API Gateway answers the handshake
 * with. {@code $disconnect} forgets the connection; {@code $default} (a message from the client) is
 * acknowledged and ignored: the socket only carries notifications to the client.
 */
public final class WebSocketConnections {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketConnections.class);

    private final Connections connections;

    public WebSocketConnections(Connections connections) {
        this.connections = connections;
    }

    public static WebSocketConnections fromEnvironment() {
        return new WebSocketConnections(Connections.fromEnvironment(Dynamo.client()));
    }

    /** Handles one API Gateway WebSocket event (as a map); returns the integration's response. */
    public Map<String, Object> handle(Map<String, Object> event) {
        Map<String, Object> context = map(event.get("requestContext"));
        String connectionId = String.valueOf(context.get("connectionId"));
        switch (String.valueOf(context.get("eventType"))) {
            case "CONNECT" -> {
                return connect(connectionId, map(context.get("authorizer")));
            }
            case "DISCONNECT" -> connections.close(connectionId);
            default -> {}
        }
        return Map.of("statusCode", 200);
    }

    private Map<String, Object> connect(String connectionId, Map<String, Object> authorizer) {
        String principal = text(authorizer.get("principal"));
        if (principal == null) {
            String reason = text(authorizer.get("authError"));
            return refuse(401, reason == null ? "no token: connect with ?token=<JWT>" : reason);
        }
        Principal caller = Principal.fromWire(principal);
        if (!caller.isUser()) {
            return refuse(403, "only users receive notifications");
        }
        connections.open(connectionId, caller.id());
        LOG.info("connection {} opened for user {}", connectionId, caller.id());
        return Map.of("statusCode", 200);
    }

    private static Map<String, Object> refuse(int status, String reason) {
        LOG.info("connection refused ({}): {}", status, reason);
        return Map.of("statusCode", status, "body", reason);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static String text(Object value) {
        return value == null ? null : String.valueOf(value);
    }
}
