package io.yubl.middleware.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.yubl.runtime.Secrets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Mints bearer tokens with a signer's own private keys ({@link TokenKeys}): ES256, with the signing key's
 * {@code kid} in the header, always the newest key that may sign now (so a rotated key takes over once it is
 * active). The stage's verifiers accept only the subjects the key was bound to.
 */
public final class TokenSigner {
    private final Supplier<TokenKeys> keys;
    private final Clock clock;
    private final TokenLifetimes lifetimes;

    public TokenSigner(Supplier<TokenKeys> keys, Clock clock, TokenLifetimes lifetimes) {
        this.keys = keys;
        this.clock = clock;
        this.lifetimes = lifetimes;
    }

    /**
     * The function's own signer: its private keys in the secret {@code TOKEN_SIGNING_KEYS_SECRET_NAME}, read through
     * the function's cached, refreshing secrets client (read again within minutes of a rotation).
     */
    public static TokenSigner fromEnvironment() {
        return new TokenSigner(
                TokenKeys.fromSecret(
                        Secrets.shared(),
                        "TOKEN_SIGNING_KEYS_SECRET_NAME",
                        Secrets.shared().maxAge()),
                Clock.systemUTC(),
                TokenLifetimes.fromEnvironment());
    }

    public TokenLifetimes lifetimes() {
        return lifetimes;
    }

    public String issue(Principal principal, Duration ttl) {
        Instant now = clock.instant();
        TokenKeys.TokenKey key = keys.get()
                .forSigning(now)
                .orElseThrow(() -> new IllegalStateException(
                        "no signing key is active now (rotated keys sign from their activeFrom)"));
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(principal.wire())
                .issuer(TokenVerifier.ISSUER)
                .audience(TokenVerifier.AUDIENCE)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.ES256)
                            .keyID(key.kid())
                            .type(JOSEObjectType.JWT)
                            .build(),
                    claims);
            jwt.sign(new ECDSASigner(key.jwk()));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token with key " + key.kid() + " (is it a private key?)", e);
        }
    }
}
