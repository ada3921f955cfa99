package io.yubl.localcloud.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.yubl.localcloud.client.Intrinsics.Deployed;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** template.yaml as the local cloud reads it: short forms, intrinsics, overrides checked as CloudFormation does. */
class TemplateTest {
    private static final Template TEMPLATE = Template.load(Path.of("../../template.yaml"));

    @Test
    void short_form_intrinsics_are_read_as_their_long_forms_and_resolve() {
        Template.Resource queue = TEMPLATE.resources().get("AddToFeedQueue");
        Intrinsics intrinsics = new Intrinsics(
                TEMPLATE.parameterDefaults(),
                Map.of(
                        "AddToFeedDeadLetterQueue",
                        new Deployed("http://q/dlq", Map.of("Arn", "arn:aws:sqs:us-east-1:000000000000:dlq"))));

        Map<String, Object> resolved = Template.map(intrinsics.resolve(queue.properties()));

        assertThat(queue.properties().get("QueueName")).isEqualTo(Map.of("Fn::Sub", "yubl-${Stage}-add-to-feed"));
        assertThat(resolved.get("QueueName")).isEqualTo("yubl-local-add-to-feed");
        assertThat(Template.map(resolved.get("RedrivePolicy")).get("deadLetterTargetArn"))
                .isEqualTo("arn:aws:sqs:us-east-1:000000000000:dlq");
    }

    @Test
    void an_unknown_reference_is_an_error_that_names_it() {
        Intrinsics intrinsics = new Intrinsics(Map.of(), Map.of());

        assertThatThrownBy(() -> intrinsics.resolve(Map.of("Ref", "Nowhere"))).hasMessageContaining("Nowhere");
        assertThatThrownBy(() -> intrinsics.resolve(Map.of("Fn::GetAtt", List.of("Queue", "Arn"))))
                .hasMessageContaining("Queue.Arn");
    }

    @Test
    void parameter_overrides_replace_defaults_and_values_cloudformation_would_refuse_are_refused() {
        // Given overrides as sam deploy --parameter-overrides takes them
        Template overridden = TEMPLATE.withParameterOverrides(
                Template.parseOverrides(" FollowersPageSize=100  FollowerPagesPerInvocation=5 "));

        // Then they replace the defaults, and every other parameter keeps its default
        assertThat(overridden.parameters())
                .containsEntry("FollowersPageSize", "100")
                .containsEntry("FollowerPagesPerInvocation", "5")
                .containsEntry("Stage", "local");
        assertThat(TEMPLATE.parameters()).isEqualTo(TEMPLATE.parameterDefaults());

        // And what CloudFormation would refuse is refused, naming the parameter and the rule
        Map<String, String> refused = Map.of(
                "Nowhere=1", "not declared",
                "FollowersPageSize=5001", "above its MaxValue 5000",
                "FollowersPageSize=0", "below its MinValue 1",
                "FollowersPageSize=many", "not a number",
                "LogRetentionDays=2", "not one of its AllowedValues",
                "Stage=Prod", "does not match its AllowedPattern",
                "Stage=a", "shorter than its MinLength 2",
                "FollowersPageSize", "not Name=Value",
                "Stage=a1 Stage=b2", "overridden twice");
        refused.forEach((text, problem) -> assertThatThrownBy(
                        () -> TEMPLATE.withParameterOverrides(Template.parseOverrides(text)))
                .as(text)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(problem));
    }
}
