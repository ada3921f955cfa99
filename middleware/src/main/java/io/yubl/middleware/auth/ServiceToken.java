package io.yubl.middleware.auth;

import java.time.Duration;
import java.time.Instant;

/** A service's own bearer token, minted from the signing key and renewed well before it expires. */
public final class ServiceToken {
    private static final Duration TTL = Duration.ofHours(1);
    private static final Duration RENEW_BEFORE = Duration.ofMinutes(5);

    private final Tokens tokens;
    private final Principal service;
    private String token;
    private Instant renewAt = Instant.MIN;

    public ServiceToken(Tokens tokens, String serviceName) {
        this.tokens = tokens;
        this.service = Principal.service(serviceName);
    }

    public synchronized String bearer() {
        if (Instant.now().isAfter(renewAt)) {
            token = tokens.issue(service, TTL);
            renewAt = Instant.now().plus(TTL).minus(RENEW_BEFORE);
        }
        return "Bearer " + token;
    }
}
