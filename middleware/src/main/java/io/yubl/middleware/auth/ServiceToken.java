package io.yubl.middleware.auth;

import java.time.Duration;
import java.time.Instant;

/**
 * A service's own bearer token, minted with its own signing key and renewed well before it expires. It lives an hour,
 * or less if the stage caps service tokens lower.
 */
public final class ServiceToken {
    private static final Duration TTL = Duration.ofHours(1);
    private static final Duration RENEW_BEFORE = Duration.ofMinutes(5);

    private final TokenSigner tokens;
    private final Principal service;
    private final Duration ttl;
    private final Duration renewBefore;
    private String token;
    private Instant renewAt = Instant.MIN;

    public ServiceToken(TokenSigner tokens, String serviceName) {
        this.tokens = tokens;
        this.service = Principal.service(serviceName);
        Duration cap = tokens.lifetimes().service();
        this.ttl = cap.compareTo(TTL) < 0 ? cap : TTL;
        this.renewBefore = ttl.dividedBy(2).compareTo(RENEW_BEFORE) < 0 ? ttl.dividedBy(2) : RENEW_BEFORE;
    }

    public synchronized String bearer() {
        if (Instant.now().isAfter(renewAt)) {
            token = tokens.issue(service, ttl);
            renewAt = Instant.now().plus(ttl).minus(renewBefore);
        }
        return "Bearer " + token;
    }
}
