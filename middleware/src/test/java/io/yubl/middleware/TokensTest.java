package io.yubl.middleware;

import io.yubl.middleware.auth.InvalidTokenException;
import io.yubl.middleware.auth.Principal;
import io.yubl.middleware.auth.ServiceToken;
import io.yubl.middleware.auth.Tokens;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokensTest {
    private static final String KEY = "a-test-signing-key-of-at-least-32-bytes";
    private final Tokens tokens = new Tokens(KEY, Clock.systemUTC());

    @Test
    void a_token_names_its_principal() throws Exception {
        assertThat(tokens.verify(tokens.issue(Principal.user("ada"), Duration.ofMinutes(5)))).isEqualTo(Principal.user("ada"));
        assertThat(tokens.verify(tokens.issue(Principal.service("distribute-yubl"), Duration.ofMinutes(5))))
                .isEqualTo(Principal.service("distribute-yubl"));
    }

    @Test
    void an_expired_token_is_refused() {
        Tokens yesterday = new Tokens(KEY, Clock.fixed(Instant.now().minus(Duration.ofDays(1)), ZoneOffset.UTC));
        String token = yesterday.issue(Principal.user("ada"), Duration.ofHours(1));

        assertThatThrownBy(() -> tokens.verify(token)).isInstanceOf(InvalidTokenException.class).hasMessageContaining("expired");
    }

    @Test
    void a_forged_or_malformed_token_is_refused() {
        String forged = new Tokens("another-key-that-is-also-32-bytes-long", Clock.systemUTC()).issue(Principal.user("ada"), Duration.ofHours(1));
        String token = tokens.issue(Principal.user("ada"), Duration.ofHours(1));
        String[] parts = token.split("\\.");
        String tampered = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"sub\":\"user:grace\",\"iss\":\"yubl\",\"aud\":\"yubl-api\",\"exp\":9999999999}".getBytes()) + "." + parts[2];

        assertThatThrownBy(() -> tokens.verify(forged)).isInstanceOf(InvalidTokenException.class).hasMessageContaining("signature");
        assertThatThrownBy(() -> tokens.verify(tampered)).isInstanceOf(InvalidTokenException.class).hasMessageContaining("signature");
        assertThatThrownBy(() -> tokens.verify("not.a.jwt")).isInstanceOf(InvalidTokenException.class).hasMessageContaining("malformed");
        assertThatThrownBy(() -> tokens.verify("garbage")).isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void a_token_that_lives_longer_than_its_principals_cap_is_refused_whoever_signed_it() throws Exception {
        // Given tokens signed with the stage's own key: a user's for 48 h, a service's for 2 h, one claiming to be
        // issued tomorrow; and tokens within the caps (24 h for a user, 1 h for a service)
        String userFor48Hours = tokens.issue(Principal.user("ada"), Duration.ofHours(48));
        String serviceFor2Hours = tokens.issue(Principal.service("legacy-monolith"), Duration.ofHours(2));
        String fromTomorrow = new Tokens(KEY, Clock.offset(Clock.systemUTC(), Duration.ofDays(1))).issue(Principal.user("ada"), Duration.ofHours(1));
        String userFor24Hours = tokens.issue(Principal.user("ada"), Duration.ofHours(24));
        String serviceFor1Hour = tokens.issue(Principal.service("legacy-monolith"), Duration.ofHours(1));

        // When / Then
        assertThatThrownBy(() -> tokens.verify(userFor48Hours)).isInstanceOf(InvalidTokenException.class)
                .hasMessage("the bearer token lives longer than a user token may (at most 24h)");
        assertThatThrownBy(() -> tokens.verify(serviceFor2Hours)).isInstanceOf(InvalidTokenException.class)
                .hasMessage("the bearer token lives longer than a service token may (at most 1h)");
        assertThatThrownBy(() -> tokens.verify(fromTomorrow)).isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("issued in the future");
        assertThat(tokens.verify(userFor24Hours)).isEqualTo(Principal.user("ada"));
        assertThat(tokens.verify(serviceFor1Hour)).isEqualTo(Principal.service("legacy-monolith"));
    }

    @Test
    void the_caps_are_the_stages_to_set_and_a_service_token_keeps_within_them() throws Exception {
        // Given a stage that lets service tokens live 10 minutes
        Tokens strict = new Tokens(() -> KEY, Clock.systemUTC(), new Tokens.Lifetimes(Duration.ofHours(24), Duration.ofMinutes(10)));

        // When a service mints its own token
        String bearer = new ServiceToken(strict, "distribute-yubl").bearer();

        // Then the stage accepts it, and refuses a token of the old hour
        assertThat(strict.verify(bearer.substring("Bearer ".length()))).isEqualTo(Principal.service("distribute-yubl"));
        assertThatThrownBy(() -> strict.verify(strict.issue(Principal.service("distribute-yubl"), Duration.ofHours(1))))
                .hasMessageContaining("at most 10m");
        assertThatThrownBy(() -> new Tokens.Lifetimes(Duration.ZERO, Duration.ofHours(1))).hasMessageContaining("positive");
    }

    @Test
    void a_short_key_is_refused() {
        assertThatThrownBy(() -> new Tokens("short", Clock.systemUTC())).hasMessageContaining("32 bytes");
    }
}
