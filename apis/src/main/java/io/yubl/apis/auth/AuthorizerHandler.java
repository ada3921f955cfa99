package io.yubl.apis.auth;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.yubl.middleware.Correlation;
import io.yubl.middleware.Invocation;
import io.yubl.middleware.auth.TokenVerifier;

import java.util.Map;

/**
 * The authorizer on Lambda (HTTP API, payload 2.0, simple responses). The event is read as a plain map: only its
 * headers matter, and the map spares the runtime the event class's date types.
 */
public class AuthorizerHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private static final Authorizer AUTHORIZER = new Authorizer(TokenVerifier.fromEnvironment());

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Map<String, String> headers = event.get("headers") instanceof Map<?, ?> h ? (Map<String, String>) h : Map.of();
        return Invocation.around(context, () -> {
            Correlation.begin(headers);
            return AUTHORIZER.authorize(headers);
        });
    }
}
