package io.yubl.apis;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.yubl.localcloud.client.DevTokens;
import io.yubl.middleware.auth.Principal;
import io.yubl.middleware.auth.Signer;
import io.yubl.middleware.auth.TokenKeys;
import io.yubl.middleware.auth.TokenKeys.TokenKey;
import io.yubl.middleware.auth.TokenLifetimes;
import io.yubl.middleware.auth.TokenSigner;
import io.yubl.middleware.auth.TokenVerifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;

/** Tokens the stage must refuse, made the ways an attacker would make them, for the tests of its verifiers. */
final class ForgedTokens {
    private ForgedTokens() {}

    /** Signed by a key pair of the attacker's, carrying the monolith's current kid. */
    static String withTheMonolithsKidAndAnotherKey(Principal principal) {
        TokenKey real = monolithsKey();
        TokenKey fresh = TokenKeys.generate("legacy-monolith", real.subjects(), Instant.now());
        ECKey impostor = new ECKey.Builder(fresh.jwk()).keyID(real.kid()).build();
        return sign(
                new TokenKey(real.kid(), real.signer(), real.subjects(), real.activeFrom(), null, impostor),
                principal,
                Clock.systemUTC());
    }

    /** Signed by a key the stage never published. */
    static String withAnUnknownKid(Principal principal) {
        return sign(
                TokenKeys.generate("legacy-monolith", Signer.LEGACY_MONOLITH.subjects(), Instant.now()),
                principal,
                Clock.systemUTC());
    }

    /** HS256, keyed with a shared secret, naming the monolith's kid: the algorithm the stage used before. */
    static String hs256(Principal principal) {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .keyID(monolithsKey().kid())
                        .build(),
                claims(principal));
        try {
            jwt.sign(new MACSigner("a-shared-secret-of-at-least-thirty-two-bytes"));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** Not signed at all: {@code alg: none}. */
    static String unsigned(Principal principal) {
        return new PlainJWT(new PlainHeader(), claims(principal)).serialize();
    }

    /** Signed with the monolith's own key, but at this time (as if the key had been active then). */
    static String signedAt(Instant when, Principal principal) {
        TokenKey real = monolithsKey();
        TokenKey backdated = new TokenKey(real.kid(), real.signer(), real.subjects(), Instant.EPOCH, null, real.jwk());
        return sign(backdated, principal, Clock.fixed(when, ZoneOffset.UTC));
    }

    private static TokenKey monolithsKey() {
        return DevTokens.keys(Signer.LEGACY_MONOLITH.name())
                .forSigning(Instant.now())
                .orElseThrow();
    }

    private static String sign(TokenKey key, Principal principal, Clock clock) {
        return new TokenSigner(() -> new TokenKeys(List.of(key)), clock, TokenLifetimes.DEFAULT)
                .issue(principal, Duration.ofHours(1));
    }

    private static JWTClaimsSet claims(Principal principal) {
        return new JWTClaimsSet.Builder()
                .subject(principal.wire())
                .issuer(TokenVerifier.ISSUER)
                .audience(TokenVerifier.AUDIENCE)
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(600)))
                .build();
    }
}
