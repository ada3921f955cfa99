package io.yubl.apis.notifications;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.yubl.middleware.Invocation;
import io.yubl.runtime.Correlation;
import java.util.Map;

/** The WebSocket API's function on Lambda ($connect, $disconnect, $default). The event is read as a plain map. */
public class WebSocketHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private static final WebSocketConnections CONNECTIONS = WebSocketConnections.fromEnvironment();

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Map<String, String> headers = event.get("headers") instanceof Map<?, ?> h ? (Map<String, String>) h : Map.of();
        return Invocation.around(context, () -> {
            Correlation.begin(headers);
            return CONNECTIONS.handle(event);
        });
    }
}
