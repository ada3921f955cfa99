package io.yubl.apis.notifications;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.yubl.runtime.Environment;
import io.yubl.stores.SignedHttp;
import java.net.URLEncoder;

/**
 * API Gateway's Management API for a WebSocket API's stage: {@code POST @connections/{id}} sends a message to one
 * connection (signed with SigV4, service execute-api, on AWS). A connection that is gone answers 410.
 */
public final class WebSocketPush {
    /** What became of a message. */
    public enum Outcome {
        DELIVERED,
        GONE
    }

    private final SignedHttp http;

    /** @param managementEndpoint https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (or the local cloud's) */
    public WebSocketPush(String managementEndpoint) {
        this.http = new SignedHttp(
                managementEndpoint.endsWith("/") ? managementEndpoint : managementEndpoint + "/", "execute-api");
    }

    /** From the API's endpoint ({@code WEBSOCKET_ENDPOINT}: wss://…, its ApiEndpoint) and {@code WEBSOCKET_STAGE}. */
    public static WebSocketPush fromEnvironment() {
        String endpoint = Environment.required("WEBSOCKET_ENDPOINT")
                .replaceFirst("^wss://", "https://")
                .replaceFirst("^ws://", "http://");
        return new WebSocketPush(endpoint + "/" + Environment.required("WEBSOCKET_STAGE"));
    }

    public Outcome post(String connectionId, String message) {
        SignedHttp.Response response =
                http.send("POST", "@connections/" + URLEncoder.encode(connectionId, UTF_8), message);
        if (response.status() == 410) {
            return Outcome.GONE;
        }
        if (response.status() / 100 != 2) {
            throw new IllegalStateException("posting to connection " + connectionId + " answered HTTP "
                    + response.status() + ": " + response.body());
        }
        return Outcome.DELIVERED;
    }
}
