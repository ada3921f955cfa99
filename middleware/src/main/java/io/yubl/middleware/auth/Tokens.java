package io.yubl.middleware.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.yubl.middleware.Environment;
import io.yubl.middleware.Secrets;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Bearer tokens: JWTs signed with HMAC-SHA256 (Nimbus JOSE + JWT). A token names its principal in {@code sub}
 * ({@code user:<id>} or {@code service:<name>}), and is only accepted with a valid signature, issuer {@value ISSUER},
 * audience {@value AUDIENCE}, an expiry in the future (30 s of clock skew allowed), and a lifetime within its
 * principal's cap ({@link Lifetimes}: a user token lives at most 24 h, a service token 1 h, unless the stage sets
 * otherwise), so that a leaked token is not good for a century. The key is the Secrets
 * Manager secret named by {@code TOKEN_SIGNING_KEY_SECRET_NAME}, read through {@link Secrets} (so a rotated key takes
 * effect within minutes); it must be at least 32 bytes.
 */
public final class Tokens {
    public static final String ISSUER = "yubl";
    public static final String AUDIENCE = "yubl-api";
    private static final Duration SKEW = Duration.ofSeconds(30);

    private final Supplier<String> key;
    private final Clock clock;
    private final Lifetimes lifetimes;

    public Tokens(String key, Clock clock) {
        this(() -> key, clock, Lifetimes.DEFAULT);
        key();
    }

    /**
     * Tokens signed and checked with the key the supplier gives at the time (it may change: rotation), and accepted
     * only within these lifetimes.
     */
    public Tokens(Supplier<String> key, Clock clock, Lifetimes lifetimes) {
        this.key = key;
        this.clock = clock;
        this.lifetimes = lifetimes;
    }

    public static Tokens fromEnvironment() {
        return new Tokens(Secrets.shared().fromVariable("TOKEN_SIGNING_KEY_SECRET_NAME"), Clock.systemUTC(),
                Lifetimes.fromEnvironment());
    }

    public Lifetimes lifetimes() {
        return lifetimes;
    }

    /**
     * The longest a token may live, from its issue time (or from now, if it names none) to its expiry, by the kind of
     * its principal. Settings: {@code TOKEN_MAX_USER_LIFETIME} and {@code TOKEN_MAX_SERVICE_LIFETIME}, ISO-8601
     * durations (PT24H, PT1H by default).
     */
    public record Lifetimes(Duration user, Duration service) {
        public static final Lifetimes DEFAULT = new Lifetimes(Duration.ofHours(24), Duration.ofHours(1));

        public Lifetimes {
            if (user.isNegative() || user.isZero() || service.isNegative() || service.isZero()) {
                throw new IllegalArgumentException("token lifetimes must be positive, were " + user + " and " + service);
            }
        }

        public static Lifetimes fromEnvironment() {
            return new Lifetimes(duration("TOKEN_MAX_USER_LIFETIME", DEFAULT.user()), duration("TOKEN_MAX_SERVICE_LIFETIME", DEFAULT.service()));
        }

        public Duration of(Principal principal) {
            return principal.isUser() ? user : service;
        }

        private static Duration duration(String setting, Duration fallback) {
            String value = Environment.optional(setting, null);
            try {
                return value == null ? fallback : Duration.parse(value.trim());
            } catch (DateTimeParseException e) {
                throw new IllegalStateException(setting + " must be an ISO-8601 duration such as PT24H, was '" + value + "'", e);
            }
        }
    }

    private byte[] key() {
        byte[] bytes = key.get().getBytes(UTF_8);
        if (bytes.length < 32) {
            throw new IllegalArgumentException("the token signing key must be at least 32 bytes, was " + bytes.length);
        }
        return bytes;
    }

    public String issue(Principal principal, Duration ttl) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(principal.wire())
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(key()));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }

    public Principal verify(String token) throws InvalidTokenException {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new InvalidTokenException("the bearer token is malformed");
        }
        if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
            throw new InvalidTokenException("the bearer token is not signed with HS256");
        }
        try {
            if (!jwt.verify(new MACVerifier(key()))) {
                throw new InvalidTokenException("the bearer token's signature is not valid");
            }
        } catch (JOSEException e) {
            throw new InvalidTokenException("the bearer token's signature cannot be checked");
        }
        Instant now = clock.instant();
        if (claims.getExpirationTime() == null || claims.getExpirationTime().toInstant().plus(SKEW).isBefore(now)) {
            throw new InvalidTokenException("the bearer token has expired");
        }
        if (claims.getNotBeforeTime() != null && claims.getNotBeforeTime().toInstant().minus(SKEW).isAfter(now)) {
            throw new InvalidTokenException("the bearer token is not valid yet");
        }
        if (!ISSUER.equals(claims.getIssuer())) {
            throw new InvalidTokenException("the bearer token was issued by someone else");
        }
        List<String> audience = claims.getAudience();
        if (audience == null || !audience.contains(AUDIENCE)) {
            throw new InvalidTokenException("the bearer token is meant for another audience");
        }
        Principal principal;
        try {
            principal = Principal.fromWire(claims.getSubject());
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException("the bearer token names no user or service");
        }
        Instant issued = claims.getIssueTime() == null ? now : claims.getIssueTime().toInstant();
        if (issued.minus(SKEW).isAfter(now)) {
            throw new InvalidTokenException("the bearer token claims to be issued in the future");
        }
        Duration cap = lifetimes.of(principal);
        if (Duration.between(issued.isBefore(now) ? issued : now, claims.getExpirationTime().toInstant()).compareTo(cap.plus(SKEW)) > 0) {
            throw new InvalidTokenException("the bearer token lives longer than a " + (principal.isUser() ? "user" : "service")
                    + " token may (at most " + cap.toString().substring(2).toLowerCase(Locale.ROOT) + ")");
        }
        return principal;
    }
}
