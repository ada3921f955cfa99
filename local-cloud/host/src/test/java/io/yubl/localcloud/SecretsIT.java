package io.yubl.localcloud;

import io.yubl.middleware.Secrets;
import io.yubl.operations.StageSecrets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.ValidationException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A stage's secrets in the local SSM Parameter Store, created as bin/deploy creates them and read as functions do. */
class SecretsIT {
    private static final SsmClient SSM = AwsClients.ssm();

    @BeforeAll
    static void functionsReachTheLocalParameterStore() {
        AwsClients.useLocalEndpointsByDefault();
    }

    @Test
    void a_new_stage_gets_random_secrets_once_and_no_value_is_ever_printed() {
        // Given
        String stage = "it" + UUID.randomUUID().toString().substring(0, 8);
        List<String> printed = new ArrayList<>();

        // When
        new StageSecrets(SSM).ensure(stage, printed::add);
        List<String> first = values(stage);
        new StageSecrets(SSM).ensure(stage, printed::add);

        // Then
        assertThat(values(stage)).as("a second run changes nothing").isEqualTo(first);
        assertThat(first).allSatisfy(v -> assertThat(v.length()).isGreaterThanOrEqualTo(32)).doesNotHaveDuplicates();
        assertThat(printed).hasSize(4).allSatisfy(line -> assertThat(first).noneMatch(line::contains));
        assertThat(printed).filteredOn(l -> l.endsWith(": created")).hasSize(2);
        assertThat(SSM.getParameter(r -> r.name(StageSecrets.parameterName(stage, "cursor-secret"))).parameter())
                .satisfies(p -> assertThat(p.type()).isEqualTo(ParameterType.SECURE_STRING))
                .satisfies(p -> assertThat(first).as("read without decryption").doesNotContain(p.value()));
    }

    @Test
    void a_function_sees_a_rotated_secret_once_its_cached_copy_is_older_than_the_max_age() {
        // Given
        String name = "/yubl/it/rotating-" + UUID.randomUUID();
        SSM.putParameter(r -> r.name(name).type(ParameterType.SECURE_STRING).value("first value"));
        Secrets cachedLong = new Secrets(Duration.ofMinutes(10));
        Secrets uncached = new Secrets(Duration.ZERO);
        assertThat(cachedLong.get(name)).isEqualTo("first value");

        // When
        SSM.putParameter(r -> r.name(name).type(ParameterType.SECURE_STRING).value("rotated value").overwrite(true));

        // Then
        assertThat(cachedLong.get(name)).as("still within its max age").isEqualTo("first value");
        assertThat(uncached.get(name)).isEqualTo("rotated value");
    }

    @Test
    void the_local_parameter_store_answers_as_aws_does() {
        assertThatThrownBy(() -> SSM.getParameter(r -> r.name("/yubl/it/missing-" + UUID.randomUUID())))
                .isInstanceOf(ParameterNotFoundException.class);
        assertThatThrownBy(() -> SSM.putParameter(r -> r.name("/yubl/it/too-big").type(ParameterType.STRING)
                .value("x".repeat(4097)))).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> SSM.putParameter(r -> r.name("/aws/reserved").type(ParameterType.STRING).value("x")))
                .isInstanceOf(ValidationException.class);
    }

    private static List<String> values(String stage) {
        return StageSecrets.NAMES.stream().map(n -> SSM.getParameter(r -> r.name(StageSecrets.parameterName(stage, n))
                .withDecryption(true)).parameter().value()).toList();
    }
}
