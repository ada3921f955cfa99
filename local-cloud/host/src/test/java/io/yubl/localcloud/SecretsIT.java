package io.yubl.localcloud;

import io.yubl.middleware.Secrets;
import io.yubl.operations.StageSecrets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.InvalidParameterException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A stage's secrets in the local Secrets Manager, created as bin/deploy creates them and read as functions do. */
class SecretsIT {
    private static final SecretsManagerClient SECRETS_MANAGER = AwsClients.secretsManager();

    @BeforeAll
    static void functionsReachTheLocalSecretsManager() {
        AwsClients.useLocalEndpointsByDefault();
    }

    @Test
    void a_new_stage_gets_random_secrets_once_and_no_value_is_ever_printed() {
        // Given
        String stage = "it" + UUID.randomUUID().toString().substring(0, 8);
        List<String> printed = new ArrayList<>();

        // When
        new StageSecrets(SECRETS_MANAGER).ensure(stage, printed::add);
        List<String> first = values(stage);
        new StageSecrets(SECRETS_MANAGER).ensure(stage, printed::add);

        // Then
        assertThat(values(stage)).as("a second run changes nothing").isEqualTo(first);
        assertThat(first).allSatisfy(v -> assertThat(v.length()).isGreaterThanOrEqualTo(32)).doesNotHaveDuplicates();
        assertThat(printed).hasSize(4).allSatisfy(line -> assertThat(first).noneMatch(line::contains));
        assertThat(printed).filteredOn(l -> l.endsWith(": created")).hasSize(2);
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
        assertThat(SECRETS_MANAGER.getSecretValue(r -> r.secretId(name).versionStage("AWSPREVIOUS")).secretString())
                .isEqualTo("first value");
    }

    @Test
    void a_secret_is_found_by_its_arn_which_ends_in_six_random_characters_as_on_aws() {
        // Given
        String name = "yubl/it/by-arn-" + UUID.randomUUID();
        String arn = SECRETS_MANAGER.createSecret(r -> r.name(name).secretString("value")).arn();

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

        assertThatThrownBy(() -> SECRETS_MANAGER.getSecretValue(r -> r.secretId("yubl/it/missing-" + UUID.randomUUID())))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> SECRETS_MANAGER.createSecret(r -> r.name(existing).secretString("y")))
                .isInstanceOf(ResourceExistsException.class);
        assertThatThrownBy(() -> SECRETS_MANAGER.createSecret(r -> r.name("yubl/it/too-big").secretString("x".repeat(65_537))))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> SECRETS_MANAGER.createSecret(r -> r.name("yubl/it/bad name!").secretString("x")))
                .isInstanceOf(InvalidParameterException.class);
    }

    private static List<String> values(String stage) {
        return StageSecrets.NAMES.stream().map(n -> SECRETS_MANAGER.getSecretValue(r -> r.secretId(
                StageSecrets.secretName(stage, n))).secretString()).toList();
    }
}
