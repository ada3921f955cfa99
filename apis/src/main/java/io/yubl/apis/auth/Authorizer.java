package io.yubl.apis.auth;

import io.yubl.middleware.auth.InvalidTokenException;
import io.yubl.middleware.auth.Principal;
import io.yubl.middleware.auth.TokenVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Map;

/**
 * The custom authorizer shared by every route: reads the bearer token of the {@code authorization} header and says
 * who the caller is ({@code principal}), or why it cannot tell ({@code authError}). It does not deny by itself: API
 * Gateway can only answer a Lambda authorizer's denial with a 403, while a missing, malformed, forged or expired token
 * deserves a 401 that says why, with the request's correlation id. So the verdict travels in the request context and
 * the HTTP middleware every function runs in (HttpApiHandler) turns it into the 401, or into a 403 when the route does
 * not admit the principal.
 */
public final class Authorizer {
    private static final Logger LOG = LoggerFactory.getLogger(Authorizer.class);

    private final TokenVerifier tokens;

    public Authorizer(TokenVerifier tokens) {
        this.tokens = tokens;
    }

    /** The simple response of a payload-2.0 Lambda authorizer for a request with these headers. */
    public Map<String, Object> authorize(Map<String, String> headers) {
        String authorization = header(headers, "authorization");
        if (authorization == null || authorization.isBlank()) {
            return verdict("authError", "a bearer token is required (authorization: Bearer <token>)");
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return verdict("authError", "the authorization header must be 'Bearer <token>'");
        }
        try {
            Principal principal = tokens.verify(authorization.substring(7).trim());
            return verdict("principal", principal.wire());
        } catch (InvalidTokenException e) {
            LOG.atInfo().addKeyValue("reason", e.getMessage()).log("token refused");
            return verdict("authError", e.getMessage());
        }
    }

    private static Map<String, Object> verdict(String key, String value) {
        return Map.of("isAuthorized", true, "context", Map.of(key, value));
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
