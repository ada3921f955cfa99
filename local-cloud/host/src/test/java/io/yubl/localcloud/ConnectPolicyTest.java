package io.yubl.localcloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectPolicyTest {
    private static final String CONNECT = "arn:aws:execute-api:us-east-1:000000000000:local-websocket/local/$connect";

    @Test
    void an_allow_of_the_connect_or_a_wildcard_over_it_lets_the_caller_in() {
        assertThat(ConnectPolicy.allows(policy(statement("Allow", "execute-api:Invoke", CONNECT)), CONNECT))
                .isTrue();
        assertThat(ConnectPolicy.allows(
                        policy(statement("Allow", "execute-api:*", "arn:aws:execute-api:*:*:local-websocket/*")),
                        CONNECT))
                .isTrue();
    }

    @Test
    void a_deny_wins_and_no_matching_allow_is_a_refusal() {
        assertThat(ConnectPolicy.allows(
                        policy(statement("Allow", "execute-api:Invoke", CONNECT), statement("Deny", "*", "*")),
                        CONNECT))
                .isFalse();
        assertThat(ConnectPolicy.allows(
                        policy(statement("Allow", "execute-api:Invoke", CONNECT.replace("local/", "prod/"))), CONNECT))
                .isFalse();
        assertThat(ConnectPolicy.allows(policy(statement("Allow", "s3:GetObject", CONNECT)), CONNECT))
                .isFalse();
        assertThat(ConnectPolicy.allows(Map.of("Version", "2012-10-17"), CONNECT))
                .isFalse();
    }

    private static Map<String, Object> policy(Map<?, ?>... statements) {
        return Map.of("Version", "2012-10-17", "Statement", List.of(statements));
    }

    private static Map<String, Object> statement(String effect, String action, String resource) {
        return Map.of("Effect", effect, "Action", action, "Resource", resource);
    }
}
