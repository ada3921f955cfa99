package io.yubl.apis.auth;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.yubl.middleware.Invocation;
import io.yubl.middleware.auth.TokenVerifier;
import io.yubl.runtime.Correlation;
import java.util.Map;

/**
 * The authorizer on Lambda: the HTTP API's (payload 2.0, simple responses) and the WebSocket API's $connect (a
 * REQUEST event with a {@code methodArn}, answered with a policy). The event is read as a plain map: only its headers,
 * query and method ARN matter, and the map spares the runtime the event classes' date types.
 */
public class AuthorizerHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private static final Authorizer AUTHORIZER = new Authorizer(TokenVerifier.fromEnvironment());

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Map<String, String> headers = strings(event.get("headers"));
        return Invocation.around(context, () -> {
            Correlation.begin(headers);
            if (event.get("methodArn") instanceof String methodArn) {
                return AUTHORIZER.authorizeConnect(methodArn, strings(event.get("queryStringParameters")));
            }
            return AUTHORIZER.authorize(headers);
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> strings(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, String>) map : Map.of();
    }
}
