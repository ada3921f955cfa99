package io.yubl.apis.notifications;

import io.yubl.middleware.auth.InvalidTokenException;
import io.yubl.middleware.auth.Principal;
import io.yubl.middleware.auth.TokenVerifier;
import io.yubl.stores.Dynamo;
import io.yubl.stores.notifications.Connections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * The WebSocket API's routes. {@code $connect} admits a user with the same tokens as the HTTP API, given as the
 * {@code token} query parameter (browsers cannot set headers on a WebSocket) or an {@code authorization: Bearer}
 * header, and records the connection; anything else is refused with 401 or 403, which API Gateway answers the
 * handshake with. {@code $disconnect} forgets the connection; {@code $default} (a message from the client) is
 * acknowledged and ignored: the socket only carries notifications to the client.
 */
public final class WebSocketConnections {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketConnections.class);

    private final TokenVerifier tokens;
    private final Connections connections;

    public WebSocketConnections(TokenVerifier tokens, Connections connections) {
        this.tokens = tokens;
        this.connections = connections;
    }

    public static WebSocketConnections fromEnvironment() {
        return new WebSocketConnections(TokenVerifier.fromEnvironment(), Connections.fromEnvironment(Dynamo.client()));
    }

    /** Handles one API Gateway WebSocket event (as a map); returns the integration's response. */
    public Map<String, Object> handle(Map<String, Object> event) {
        Map<String, Object> context = map(event.get("requestContext"));
        String connectionId = String.valueOf(context.get("connectionId"));
        switch (String.valueOf(context.get("eventType"))) {
            case "CONNECT" -> {
                return connect(connectionId, event);
            }
            case "DISCONNECT" -> connections.close(connectionId);
            default -> {
            }
        }
        return Map.of("statusCode", 200);
    }

    private Map<String, Object> connect(String connectionId, Map<String, Object> event) {
        String token = text(map(event.get("queryStringParameters")).get("token"));
        String authorization = text(map(event.get("headers")).entrySet().stream()
                .filter(h -> h.getKey().equalsIgnoreCase("authorization")).map(Map.Entry::getValue).findFirst().orElse(null));
        if (token == null && authorization != null && authorization.startsWith("Bearer ")) {
            token = authorization.substring("Bearer ".length());
        }
        if (token == null) {
            return refuse(401, "no token: connect with ?token=<JWT> or an authorization: Bearer header");
        }
        Principal principal;
        try {
            principal = tokens.verify(token);
        } catch (InvalidTokenException e) {
            return refuse(401, e.getMessage());
        }
        if (!principal.isUser()) {
            return refuse(403, "only users receive notifications");
        }
        connections.open(connectionId, principal.id());
        LOG.info("connection {} opened for user {}", connectionId, principal.id());
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
