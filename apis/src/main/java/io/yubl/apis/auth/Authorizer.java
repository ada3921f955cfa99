package io.yubl.apis.auth;

import io.yubl.middleware.auth.InvalidTokenException;
import io.yubl.middleware.auth.TokenVerifier;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The custom authorizer shared by every route of the HTTP API and by the WebSocket API's {@code $connect}: reads the
 * bearer token (the {@code authorization} header; the {@code token} query parameter of a WebSocket connect, since
 * browsers cannot set headers on one) and says who the caller is ({@code principal}), or why it cannot tell
 * ({@code authError}). It does not deny by itself: API Gateway can only answer a Lambda authorizer's denial with a 403,
 * while a missing, malformed, forged or expired token deserves a 401 that says why, with the request's correlation id.
 * So the verdict travels in the request context and the middleware of the function behind (HttpApiHandler, and the
 * websocket function's $connect) turns it into the 401, or into a 403 when the route does not admit the principal.
 */
public final class Authorizer {
    private static final Logger LOG = LoggerFactory.getLogger(Authorizer.class);

    private final TokenVerifier tokens;

    public Authorizer(TokenVerifier tokens) {
        this.tokens = tokens;
    }

    /** The simple response of a payload-2.0 Lambda authorizer for a request with these headers. */
    public Map<String, Object> authorize(Map<String, String> headers) {
        return Map.of("isAuthorized", true, "context", verdict(headers));
    }

    /**
     * The answer to a WebSocket API's REQUEST authorizer event, which must be an IAM policy: it allows the connect it
     * was asked about ({@code methodArn}), with the verdict on the {@code token} query parameter as its context.
     */
    public Map<String, Object> authorizeConnect(String methodArn, Map<String, String> query) {
        String token = query == null ? null : query.get("token");
        Map<String, String> verdict =
                verdict(token == null || token.isBlank() ? Map.of() : Map.of("authorization", "Bearer " + token));
        return Map.of(
                "principalId", verdict.getOrDefault("principal", "anonymous"),
                "policyDocument",
                        Map.of(
                                "Version",
                                "2012-10-17",
                                "Statement",
                                List.of(Map.of(
                                        "Action", "execute-api:Invoke", "Effect", "Allow", "Resource", methodArn))),
                "context", verdict);
    }

    private Map<String, String> verdict(Map<String, String> headers) {
        String authorization = header(headers, "authorization");
        if (authorization == null || authorization.isBlank()) {
            return Map.of("authError", "a bearer token is required (authorization: Bearer <token>)");
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Map.of("authError", "the authorization header must be 'Bearer <token>'");
        }
        try {
            return Map.of(
                    "principal",
                    tokens.verify(authorization.substring(7).trim()).wire());
        } catch (InvalidTokenException e) {
            LOG.atInfo().addKeyValue("reason", e.getMessage()).log("token refused");
            return Map.of("authError", e.getMessage());
        }
    }

    private static String header(Map<String, String> headers, String name) {
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (h.getKey().toLowerCase(Locale.ROOT).equals(name)) {
                return h.getValue();
            }
        }
        return null;
    }
}
