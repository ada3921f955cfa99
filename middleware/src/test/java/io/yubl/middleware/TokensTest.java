package io.yubl.middleware;

import io.yubl.middleware.auth.InvalidTokenException;
import io.yubl.middleware.auth.Principal;
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
    void a_short_key_is_refused() {
        assertThatThrownBy(() -> new Tokens("short", Clock.systemUTC())).hasMessageContaining("32 bytes");
    }
}
