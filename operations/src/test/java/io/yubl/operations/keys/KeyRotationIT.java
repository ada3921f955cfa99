package io.yubl.operations.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.yubl.localcloud.client.AwsClients;
import io.yubl.localcloud.client.LocalEndpoints;
import io.yubl.localcloud.client.RunningPipeline;
import io.yubl.middleware.auth.Principal;
import io.yubl.middleware.auth.Signer;
import io.yubl.middleware.auth.TokenKeys;
import io.yubl.middleware.auth.TokenKeys.TokenKey;
import io.yubl.middleware.auth.TokenLifetimes;
import io.yubl.middleware.auth.TokenSigner;
import io.yubl.operations.keys.StageSigningKeys.Rotation;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Key rotation, over HTTP against the running local cloud: the code bin/rotate-keys runs, on a signer of the test's
 * own (so that the stage's own keys, which the other tests and the pipeline use, are not rotated under them).
 */
class KeyRotationIT {
    /**
     * The verifiers read the key set again once it is a minute old (TokenVerifierCacheAge): the bound on every wait.
     */
    private static final Duration KEYS_MAX_AGE = Duration.ofMinutes(1);

    private static final Duration GRACE = Duration.ofMinutes(2);

    private final String run = UUID.randomUUID().toString().substring(0, 6);
    private final Signer signer = new Signer("it-rotation-" + run, List.of("user:rot-" + run + "-*"));
    private final SecretsManagerClient secretsManager = AwsClients.secretsManager();
    private final StageSigningKeys keys = new StageSigningKeys(secretsManager, Clock.systemUTC());
    private final RunningPipeline pipeline = RunningPipeline.shared();

    @AfterEach
    void tearDown() {
        keys.remove(LocalEndpoints.STAGE, signer.name());
        secretsManager.close();
    }

    @Test
    void both_keys_are_accepted_during_the_grace_period_and_the_rotated_out_key_is_refused_after_it() {
        // Given a signer of the stage whose key the verifiers trust, and a token it signed
        keys.ensure(LocalEndpoints.STAGE, List.of(signer), line -> {});
        String oldToken = token(current(), Principal.user("rot-" + run + "-ada"));
        await().atMost(KEYS_MAX_AGE.plusSeconds(30))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> status(oldToken) == 200);

        // When its key is rotated, with a grace period longer than the verifiers take to read the keys again
        Rotation rotation = keys.rotate(LocalEndpoints.STAGE, signer, GRACE, Duration.ZERO);
        String newToken = token(key(rotation.newKid()), Principal.user("rot-" + run + "-ada"));

        // Then the new key is trusted within the verifiers' max age, while the old one still is
        await().atMost(KEYS_MAX_AGE.plusSeconds(30))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> status(newToken) == 200);
        assertThat(Instant.now())
                .as("the grace period outlasts the verifiers' max age")
                .isBefore(rotation.retiresAt());
        assertThat(status(oldToken))
                .as("the rotated-out key during its grace period")
                .isEqualTo(200);
        assertThat(rotation.retiringKid()).isNotEqualTo(rotation.newKid());

        // And once the grace period is over the old key is refused, the new one still accepted
        await().atMost(Duration.between(Instant.now(), rotation.retiresAt()).plusSeconds(30))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> status(oldToken) == 401);
        assertThat(Instant.now()).as("refused only after the grace period").isAfterOrEqualTo(rotation.retiresAt());
        assertThat(pipeline.send("GET", "/feed", "it-rotation-" + run, null, "Bearer " + oldToken)
                        .body())
                .contains("does not trust");
        assertThat(status(newToken)).isEqualTo(200);
    }

    private TokenKey current() {
        return own().forSigning(Instant.now()).orElseThrow();
    }

    private TokenKey key(String kid) {
        return own().keys().stream()
                .filter(k -> k.kid().equals(kid))
                .findFirst()
                .orElseThrow();
    }

    private TokenKeys own() {
        return keys.read(Signer.signingSecret(LocalEndpoints.STAGE, signer.name()))
                .orElseThrow();
    }

    private static String token(TokenKey key, Principal principal) {
        return new TokenSigner(() -> new TokenKeys(List.of(key)), Clock.systemUTC(), TokenLifetimes.DEFAULT)
                .issue(principal, Duration.ofHours(1));
    }

    private int status(String token) {
        HttpResponse<String> response = pipeline.send("GET", "/feed", "it-rotation-" + run, null, "Bearer " + token);
        return response.statusCode();
    }
}
