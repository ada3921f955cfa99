package io.yubl.middleware.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.yubl.runtime.Secrets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Checks bearer tokens: JWTs signed with ES256 (Nimbus JOSE + JWT) by a key of the stage's verification keys
 * ({@link TokenKeys}), named by the token's {@code kid}. A verifier holds public keys only, so it can check tokens and
 * never mint one. A token names its principal in {@code sub} ({@code user:<id>} or {@code service:<name>}), and is
 * only accepted with a valid signature by a trusted key (known, not retired), a subject that key's signer may sign
 * for, issuer {@value ISSUER}, audience {@value AUDIENCE}, an expiry in the future (30 s of clock skew allowed), and a
 * lifetime within its principal's cap ({@link TokenLifetimes}). Refusals never name a key or a subject.
 */
public final class TokenVerifier {
    public static final String ISSUER = "yubl";
    public static final String AUDIENCE = "yubl-api";
    static final Duration SKEW = Duration.ofSeconds(30);
    /** How long a verifier keeps the key set before reading it again (TOKEN_VERIFICATION_KEYS_MAX_AGE). */
    public static final Duration KEYS_MAX_AGE = Duration.ofMinutes(1);

    private final Supplier<TokenKeys> keys;
    private final Clock clock;
    private final TokenLifetimes lifetimes;

    public TokenVerifier(Supplier<TokenKeys> keys, Clock clock, TokenLifetimes lifetimes) {
        this.keys = keys;
        this.clock = clock;
        this.lifetimes = lifetimes;
    }

    /**
     * The stage's verifier: the key set in the secret {@code TOKEN_VERIFICATION_KEYS_SECRET_NAME}, read again once
     * older than {@code TOKEN_VERIFICATION_KEYS_MAX_AGE} (PT1M by default), so that a new key is trusted and a retired
     * one refused within that time.
     */
    public static TokenVerifier fromEnvironment() {
        Duration maxAge = TokenLifetimes.duration("TOKEN_VERIFICATION_KEYS_MAX_AGE", KEYS_MAX_AGE);
        return new TokenVerifier(
                TokenKeys.fromSecret(Secrets.shared(), "TOKEN_VERIFICATION_KEYS_SECRET_NAME", maxAge),
                Clock.systemUTC(),
                TokenLifetimes.fromEnvironment());
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
        if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm())) {
            throw new InvalidTokenException("the bearer token is not signed with ES256");
        }
        String kid = jwt.getHeader().getKeyID();
        if (kid == null || kid.isBlank()) {
            throw new InvalidTokenException("the bearer token names no key (kid)");
        }
        Instant now = clock.instant();
        TokenKeys.TokenKey key = keys.get()
                .forVerifying(kid, now)
                .orElseThrow(() ->
                        new InvalidTokenException("the bearer token is signed by a key this stage does not trust"));
        try {
            if (!jwt.verify(new ECDSAVerifier(key.jwk()))) {
                throw new InvalidTokenException("the bearer token's signature is not valid");
            }
        } catch (JOSEException e) {
            throw new InvalidTokenException("the bearer token's signature cannot be checked");
        }
        if (claims.getExpirationTime() == null
                || claims.getExpirationTime().toInstant().plus(SKEW).isBefore(now)) {
            throw new InvalidTokenException("the bearer token has expired");
        }
        if (claims.getNotBeforeTime() != null
                && claims.getNotBeforeTime().toInstant().minus(SKEW).isAfter(now)) {
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
        if (!key.admits(principal)) {
            throw new InvalidTokenException("the bearer token is signed by a key that may not sign for its subject");
        }
        Instant issued =
                claims.getIssueTime() == null ? now : claims.getIssueTime().toInstant();
        if (issued.minus(SKEW).isAfter(now)) {
            throw new InvalidTokenException("the bearer token claims to be issued in the future");
        }
        Duration cap = lifetimes.of(principal);
        if (Duration.between(
                                issued.isBefore(now) ? issued : now,
                                claims.getExpirationTime().toInstant())
                        .compareTo(cap.plus(SKEW))
                > 0) {
            throw new InvalidTokenException("the bearer token lives longer than a "
                    + (principal.isUser() ? "user" : "service") + " token may (at most "
                    + cap.toString().substring(2).toLowerCase(Locale.ROOT) + ")");
        }
        return principal;
    }
}
