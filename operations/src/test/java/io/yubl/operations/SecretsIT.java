package io.yubl.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.yubl.localcloud.client.AwsClients;
import io.yubl.middleware.auth.Signer;
import io.yubl.middleware.auth.TokenKeys;
import io.yubl.operations.keys.StageSigningKeys;
import io.yubl.runtime.Secrets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.InvalidParameterException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/** A stage's secrets in the local Secrets Manager, created as bin/deploy creates them and read as functions do. */
class SecretsIT {
    private static final SecretsManagerClient SECRETS_MANAGER = AwsClients.secretsManager();

    @BeforeAll
    static void functionsReachTheLocalSecretsManager() {
        AwsClients.useLocalEndpointsByDefault();
    }

    @Test
    void a_new_stage_gets_random_secrets_and_key_pairs_once_and_no_value_is_ever_printed() {
        // Given
        String stage = "it" + UUID.randomUUID().toString().substring(0, 8);
        List<String> printed = new ArrayList<>();

        // When the stage's secrets are made twice, as bin/deploy and bin/stack up make them
        ensure(stage, printed);
        List<String> first = values(stage);
        ensure(stage, printed);

        // Then the second run changes nothing, and no value reaches the log
        assertThat(values(stage)).as("a second run changes nothing").isEqualTo(first);
        assertThat(first)
                .allSatisfy(v -> assertThat(v.length()).isGreaterThanOrEqualTo(32))
                .doesNotHaveDuplicates();
        assertThat(printed).hasSize(8).allSatisfy(line -> assertThat(first).noneMatch(line::contains));
        assertThat(printed).filteredOn(l -> l.endsWith(": created")).hasSize(4);

        // And each signer has a private key of its own, which the verifiers' secret holds only the public half of
        StageSigningKeys keys = new StageSigningKeys(SECRETS_MANAGER, Clock.systemUTC());
        TokenKeys published =
                keys.read(StageSigningKeys.verificationSecret(stage)).orElseThrow();
        for (Signer signer : Signer.STAGE) {
            TokenKeys own =
                    keys.read(Signer.signingSecret(stage, signer.name())).orElseThrow();
            assertThat(own.keys())
                    .singleElement()
                    .satisfies(k -> assertThat(k.jwk().isPrivate()).isTrue());
            assertThat(published.of(signer.name()))
                    .containsExactlyElementsOf(own.publicParts().keys());
        }
        assertThat(published.keys())
                .hasSize(2)
                .allSatisfy(k -> assertThat(k.jwk().isPrivate()).isFalse());
    }

    @Test
    void a_function_sees_a_rotated_secret_once_its_cached_copy_is_older_than_the_max_age() {
        // Given
        String name = "yubl/it/rotating-" + UUID.randomUUID();
        SECRETS_MANAGER.createSecret(r -> r.name(name).secretString("first value"));
        Secrets cachedLong = new Secrets(Duration.ofMinutes(10));
        Secrets uncached = new Secrets(Duration.ZERO);
        assertThat(cachedLong.get(name)).isEqualTo("first value");

        // When
        SECRETS_MANAGER.putSecretValue(r -> r.secretId(name).secretString("rotated value"));

        // Then
        assertThat(cachedLong.get(name)).as("still within its max age").isEqualTo("first value");
        assertThat(uncached.get(name)).isEqualTo("rotated value");
        assertThat(SECRETS_MANAGER
                        .getSecretValue(r -> r.secretId(name).versionStage("AWSPREVIOUS"))
                        .secretString())
                .isEqualTo("first value");
    }

    @Test
    void a_secret_is_found_by_its_arn_which_ends_in_six_random_characters_as_on_aws() {
        // Given
        String name = "yubl/it/by-arn-" + UUID.randomUUID();
        String arn = SECRETS_MANAGER
                .createSecret(r -> r.name(name).secretString("value"))
                .arn();

        // When
        GetSecretValueResponse byArn = SECRETS_MANAGER.getSecretValue(r -> r.secretId(arn));

        // Then
        assertThat(arn).matches("arn:aws:secretsmanager:us-east-1:\\d{12}:secret:" + name + "-[A-Za-z0-9]{6}");
        assertThat(byArn.secretString()).isEqualTo("value");
        assertThat(byArn.name()).isEqualTo(name);
    }

    @Test
    void the_local_secrets_manager_answers_as_aws_does() {
        String existing = "yubl/it/existing-" + UUID.randomUUID();
        SECRETS_MANAGER.createSecret(r -> r.name(existing).secretString("x"));

        assertThatThrownBy(
                        () -> SECRETS_MANAGER.getSecretValue(r -> r.secretId("yubl/it/missing-" + UUID.randomUUID())))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(
                        () -> SECRETS_MANAGER.createSecret(r -> r.name(existing).secretString("y")))
                .isInstanceOf(ResourceExistsException.class);
        assertThatThrownBy(() -> SECRETS_MANAGER.createSecret(
                        r -> r.name("yubl/it/too-big").secretString("x".repeat(65_537))))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> SECRETS_MANAGER.createSecret(
                        r -> r.name("yubl/it/bad name!").secretString("x")))
                .isInstanceOf(InvalidParameterException.class);
    }

    private static void ensure(String stage, List<String> printed) {
        new StageSecrets(SECRETS_MANAGER).ensure(stage, printed::add);
        new StageSigningKeys(SECRETS_MANAGER, Clock.systemUTC()).ensure(stage, Signer.STAGE, printed::add);
    }

    /** Every secret of the stage: the cursor secret, each signer's private keys, the verifiers' public keys. */
    private static List<String> values(String stage) {
        List<String> names = new ArrayList<>(StageSecrets.NAMES.stream()
                .map(n -> StageSecrets.secretName(stage, n))
                .toList());
        Signer.STAGE.forEach(signer -> names.add(Signer.signingSecret(stage, signer.name())));
        names.add(StageSigningKeys.verificationSecret(stage));
        return names.stream()
                .map(n -> SECRETS_MANAGER.getSecretValue(r -> r.secretId(n)).secretString())
                .toList();
    }
}
