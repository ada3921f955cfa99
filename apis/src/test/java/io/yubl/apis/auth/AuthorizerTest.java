package io.yubl.apis.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.map;

import io.yubl.middleware.auth.Principal;
import io.yubl.middleware.auth.TokenKeys;
import io.yubl.middleware.auth.TokenKeys.TokenKey;
import io.yubl.middleware.auth.TokenLifetimes;
import io.yubl.middleware.auth.TokenSigner;
import io.yubl.middleware.auth.TokenVerifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthorizerTest {
    private static final String CONNECT = "arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/$connect";
    private static final TokenKey MONOLITH = TokenKeys.generate(
            "legacy-monolith", List.of("user:*"), Instant.now().minusSeconds(60));
    private static final TokenKeys PUBLIC = new TokenKeys(List.of(MONOLITH)).publicParts();

    private final Authorizer authorizer =
            new Authorizer(new TokenVerifier(() -> PUBLIC, Clock.systemUTC(), TokenLifetimes.DEFAULT));
    private final TokenSigner monolith =
            new TokenSigner(() -> new TokenKeys(List.of(MONOLITH)), Clock.systemUTC(), TokenLifetimes.DEFAULT);

    @Test
    void a_websocket_connect_with_a_users_token_is_allowed_by_a_policy_naming_the_user() {
        // Given a user's token in the connect's query string
        String token = monolith.issue(Principal.user("ada"), Duration.ofMinutes(5));

        // When the WebSocket API asks about the connect
        Map<String, Object> answer = authorizer.authorizeConnect(CONNECT, Map.of("token", token));

        // Then the policy allows exactly that connect, and the context names the user
        assertThat(answer)
                .containsEntry("principalId", "user:ada")
                .containsEntry("context", Map.of("principal", "user:ada"));
        assertThat(answer.get("policyDocument"))
                .isEqualTo(Map.of(
                        "Version",
                        "2012-10-17",
                        "Statement",
                        List.of(Map.of("Action", "execute-api:Invoke", "Effect", "Allow", "Resource", CONNECT))));
    }

    @Test
    void a_websocket_connect_without_a_genuine_token_is_let_through_with_the_reason_for_connect_to_refuse() {
        // When the token is missing, or not a token
        Map<String, Object> none = authorizer.authorizeConnect(CONNECT, Map.of());
        Map<String, Object> garbage = authorizer.authorizeConnect(CONNECT, Map.of("token", "garbage"));

        // Then no principal, and why
        assertThat(none).containsEntry("principalId", "anonymous");
        assertThat(none.get("context"))
                .asInstanceOf(map(String.class, String.class))
                .containsOnlyKeys("authError");
        assertThat(garbage.get("context"))
                .asInstanceOf(map(String.class, String.class))
                .containsOnlyKeys("authError");
    }

    @Test
    void an_http_request_gets_the_simple_response_with_the_same_verdict() {
        String token = monolith.issue(Principal.user("ada"), Duration.ofMinutes(5));

        assertThat(authorizer.authorize(Map.of("Authorization", "Bearer " + token)))
                .isEqualTo(Map.of("isAuthorized", true, "context", Map.of("principal", "user:ada")));
        assertThat(authorizer.authorize(Map.of("authorization", "Basic x")))
                .isEqualTo(Map.of(
                        "isAuthorized",
                        true,
                        "context",
                        Map.of("authError", "the authorization header must be 'Bearer <token>'")));
    }
}
