package io.yubl.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.yubl.middleware.auth.InvalidTokenException;
import io.yubl.middleware.auth.Principal;
import io.yubl.middleware.auth.ServiceToken;
import io.yubl.middleware.auth.TokenKeys;
import io.yubl.middleware.auth.TokenKeys.TokenKey;
import io.yubl.middleware.auth.TokenLifetimes;
import io.yubl.middleware.auth.TokenSigner;
import io.yubl.middleware.auth.TokenVerifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenKeysTest {
    private static final Instant START = Instant.parse("2026-12-01T00:00:00Z");
    private static final TokenKey MONOLITH =
            TokenKeys.generate("legacy-monolith", List.of("user:*", "service:legacy-monolith"), START);
    private static final TokenKey DISTRIBUTE =
            TokenKeys.generate("distribute-yubl", List.of("service:distribute-yubl"), START);
    private static final TokenKeys STAGE = new TokenKeys(List.of(MONOLITH, DISTRIBUTE)).publicParts();

    private final TokenVerifier verifier = verifier(STAGE, Clock.systemUTC());
    private final TokenSigner monolith = signer(MONOLITH, Clock.systemUTC());
    private final TokenSigner distribute = signer(DISTRIBUTE, Clock.systemUTC());

    @Test
    void a_token_names_its_principal_and_its_key() throws Exception {
        String token = monolith.issue(Principal.user("ada"), Duration.ofMinutes(5));

        assertThat(verifier.verify(token)).isEqualTo(Principal.user("ada"));
        assertThat(SignedJWT.parse(token).getHeader().getKeyID()).isEqualTo(MONOLITH.kid());
        assertThat(SignedJWT.parse(token).getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(verifier.verify(distribute.issue(Principal.service("distribute-yubl"), Duration.ofMinutes(5))))
                .isEqualTo(Principal.service("distribute-yubl"));
    }

    @Test
    void a_key_signs_only_the_subjects_it_was_bound_to_and_the_refusal_names_neither() {
        // Given distribute-yubl's key, which is bound to service:distribute-yubl alone
        // When it signs for a user, or for the monolith
        String asUser = distribute.issue(Principal.user("x"), Duration.ofMinutes(5));
        String asMonolith = distribute.issue(Principal.service("legacy-monolith"), Duration.ofMinutes(5));

        // Then both are refused, naming neither the key nor the subject
        for (String token : List.of(asUser, asMonolith)) {
            assertThatThrownBy(() -> verifier.verify(token))
                    .isInstanceOf(InvalidTokenException.class)
                    .hasMessage("the bearer token is signed by a key that may not sign for its subject")
                    .message()
                    .doesNotContain(DISTRIBUTE.kid(), "distribute-yubl", "legacy-monolith", "user:x");
        }
    }

    @Test
    void a_verifier_holds_public_keys_only_and_cannot_mint() {
        TokenSigner fromPublicKeys = new TokenSigner(() -> STAGE, Clock.systemUTC(), TokenLifetimes.DEFAULT);

        assertThat(STAGE.keys()).allSatisfy(k -> assertThat(k.jwk().isPrivate()).isFalse());
        assertThatThrownBy(() -> fromPublicKeys.issue(Principal.user("ada"), Duration.ofMinutes(5)))
                .hasMessageContaining("private key");
    }

    @Test
    void unsigned_hmac_and_unknown_key_tokens_are_refused() throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject("user:ada")
                .issuer("yubl")
                .audience("yubl-api")
                .expirationTime(Date.from(Instant.now().plusSeconds(300)))
                .build();
        String none = new PlainJWT(new PlainHeader(), claims).serialize();
        SignedJWT hmac = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(MONOLITH.kid()).build(), claims);
        hmac.sign(new MACSigner("a-shared-secret-of-at-least-32-bytes-long"));
        TokenKey stranger = TokenKeys.generate("legacy-monolith", MONOLITH.subjects(), START);
        String unknownKid = signer(stranger, Clock.systemUTC()).issue(Principal.user("ada"), Duration.ofMinutes(5));

        assertThatThrownBy(() -> verifier.verify(none))
                .isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("malformed");
        assertThatThrownBy(() -> verifier.verify(hmac.serialize()))
                .isInstanceOf(InvalidTokenException.class)
                .hasMessage("the bearer token is not signed with ES256");
        assertThatThrownBy(() -> verifier.verify(unknownKid))
                .isInstanceOf(InvalidTokenException.class)
                .hasMessage("the bearer token is signed by a key this stage does not trust");
    }

    @Test
    void a_forged_tampered_or_malformed_token_is_refused() {
        // a key pair with the monolith's kid, that is not the monolith's
        TokenKey impostor = new TokenKey(
                MONOLITH.kid(),
                "legacy-monolith",
                MONOLITH.subjects(),
                START,
                null,
                new ECKey.Builder(TokenKeys.generate("x", List.of("user:*"), START)
                                .jwk())
                        .keyID(MONOLITH.kid())
                        .build());
        String forged = signer(impostor, Clock.systemUTC()).issue(Principal.user("ada"), Duration.ofHours(1));
        String[] parts =
                monolith.issue(Principal.user("ada"), Duration.ofHours(1)).split("\\.");
        String tampered = parts[0] + "."
                + Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(
                                "{\"sub\":\"user:grace\",\"iss\":\"yubl\",\"aud\":\"yubl-api\",\"exp\":9999999999}"
                                        .getBytes())
                + "." + parts[2];

        assertThatThrownBy(() -> verifier.verify(forged))
                .isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("signature");
        assertThatThrownBy(() -> verifier.verify(tampered))
                .isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("signature");
        assertThatThrownBy(() -> verifier.verify("not.a.jwt"))
                .isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("malformed");
        assertThatThrownBy(() -> verifier.verify("garbage")).isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void an_expired_token_is_refused() {
        String token = signer(MONOLITH, Clock.fixed(Instant.now().minus(Duration.ofDays(1)), ZoneOffset.UTC))
                .issue(Principal.user("ada"), Duration.ofHours(1));

        assertThatThrownBy(() -> verifier.verify(token))
                .isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("expired");
    }

    @Test
    void a_token_that_lives_longer_than_its_principals_cap_is_refused_whoever_signed_it() throws Exception {
        // Given tokens signed with the monolith's own key: a user's for 48 h, a service's for 2 h, one claiming to be
        // issued tomorrow; and tokens within the caps (24 h for a user, 1 h for a service)
        String userFor48Hours = monolith.issue(Principal.user("ada"), Duration.ofHours(48));
        String serviceFor2Hours = monolith.issue(Principal.service("legacy-monolith"), Duration.ofHours(2));
        String fromTomorrow = signer(MONOLITH, Clock.offset(Clock.systemUTC(), Duration.ofDays(1)))
                .issue(Principal.user("ada"), Duration.ofHours(1));
        String userFor24Hours = monolith.issue(Principal.user("ada"), Duration.ofHours(24));
        String serviceFor1Hour = monolith.issue(Principal.service("legacy-monolith"), Duration.ofHours(1));

        // When / Then
        assertThatThrownBy(() -> verifier.verify(userFor48Hours))
                .isInstanceOf(InvalidTokenException.class)
                .hasMessage("the bearer token lives longer than a user token may (at most 24h)");
        assertThatThrownBy(() -> verifier.verify(serviceFor2Hours))
                .isInstanceOf(InvalidTokenException.class)
                .hasMessage("the bearer token lives longer than a service token may (at most 1h)");
        assertThatThrownBy(() -> verifier.verify(fromTomorrow))
                .isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("issued in the future");
        assertThat(verifier.verify(userFor24Hours)).isEqualTo(Principal.user("ada"));
        assertThat(verifier.verify(serviceFor1Hour)).isEqualTo(Principal.service("legacy-monolith"));
    }

    @Test
    void the_caps_are_the_stages_to_set_and_a_service_token_keeps_within_them() throws Exception {
        // Given a stage that lets service tokens live 10 minutes
        TokenLifetimes strict = new TokenLifetimes(Duration.ofHours(24), Duration.ofMinutes(10));
        TokenVerifier stage = new TokenVerifier(() -> STAGE, Clock.systemUTC(), strict);
        TokenSigner own = new TokenSigner(() -> new TokenKeys(List.of(DISTRIBUTE)), Clock.systemUTC(), strict);

        // When a service mints its own token
        String bearer = new ServiceToken(own, "distribute-yubl").bearer();

        // Then the stage accepts it, and refuses a token of the old hour
        assertThat(stage.verify(bearer.substring("Bearer ".length()))).isEqualTo(Principal.service("distribute-yubl"));
        assertThatThrownBy(() -> stage.verify(own.issue(Principal.service("distribute-yubl"), Duration.ofHours(1))))
                .hasMessageContaining("at most 10m");
        assertThatThrownBy(() -> new TokenLifetimes(Duration.ZERO, Duration.ofHours(1)))
                .hasMessageContaining("positive");
    }

    @Test
    void a_rotation_keeps_two_keys_trusts_the_old_one_for_its_grace_and_signs_with_the_new_one_once_active()
            throws Exception {
        // Given the monolith's key, rotated at noon with 24 h of grace and a new key that signs from 12:02
        Instant noon = Instant.parse("2026-12-02T12:00:00Z");
        TokenKeys own = new TokenKeys(List.of(MONOLITH));
        TokenKey next = TokenKeys.generate("legacy-monolith", MONOLITH.subjects(), noon.plus(Duration.ofMinutes(2)));

        // When
        TokenKeys rotated = own.rotated(next, noon, Duration.ofHours(24));

        // Then the old key signs until the new one is active, and is trusted for its grace after that
        assertThat(rotated.of("legacy-monolith")).hasSize(2);
        assertThat(rotated.forSigning(noon.plusSeconds(60)).orElseThrow().kid()).isEqualTo(MONOLITH.kid());
        assertThat(rotated.forSigning(noon.plusSeconds(121)).orElseThrow().kid())
                .isEqualTo(next.kid());
        assertThat(rotated.forVerifying(MONOLITH.kid(), noon.plus(Duration.ofHours(24))))
                .as("24 h after 12:02")
                .isPresent();
        assertThat(rotated.forVerifying(
                        MONOLITH.kid(), noon.plus(Duration.ofHours(24)).plusSeconds(120)))
                .isEmpty();
        assertThat(rotated.forVerifying(next.kid(), noon.plus(Duration.ofDays(30))))
                .isPresent();

        // And a second rotation within the grace retires the oldest at once: never more than two keys
        TokenKey third = TokenKeys.generate("legacy-monolith", MONOLITH.subjects(), noon.plus(Duration.ofHours(1)));
        TokenKeys again = rotated.rotated(third, noon.plus(Duration.ofHours(1)), Duration.ofHours(24));
        assertThat(again.of("legacy-monolith"))
                .extracting(TokenKey::kid)
                .containsExactlyInAnyOrder(third.kid(), next.kid());

        // And the documents survive their JSON, public parts without the private key
        assertThat(TokenKeys.parse(again.toJson())).isEqualTo(again);
        assertThat(TokenKeys.parse(again.publicParts().toJson()).keys())
                .allSatisfy(k -> assertThat(k.jwk().isPrivate()).isFalse());
    }

    @Test
    void a_key_document_that_is_not_one_is_refused_with_what_is_wrong() {
        assertThatThrownBy(() -> TokenKeys.parse("[]")).hasMessageContaining("no 'keys' array");
        assertThatThrownBy(() -> TokenKeys.parse(
                        "{\"keys\":[{\"kid\":\"k\",\"signer\":\"s\",\"activeFrom\":\"2026-12-01T00:00:00Z\"}]}"))
                .hasMessageContaining("keys[0].subjects");
        assertThatThrownBy(() -> TokenKeys.parse("{\"keys\":[{\"kid\":\"k\",\"subjects\":[\"user:*\"],\"jwk\":{}}]}"))
                .hasMessageContaining("keys[0].jwk");
    }

    private static TokenVerifier verifier(TokenKeys keys, Clock clock) {
        return new TokenVerifier(() -> keys, clock, TokenLifetimes.DEFAULT);
    }

    private static TokenSigner signer(TokenKey key, Clock clock) {
        return new TokenSigner(() -> rekeyed(key), clock, TokenLifetimes.DEFAULT);
    }

    private static TokenKeys rekeyed(TokenKey key) {
        return new TokenKeys(List.of(key));
    }
}
