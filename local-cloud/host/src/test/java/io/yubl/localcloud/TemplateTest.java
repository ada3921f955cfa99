package io.yubl.localcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.yubl.localcloud.Intrinsics.Deployed;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TemplateTest {
    static final Template TEMPLATE = Template.load(Path.of("../../template.yaml"));

    @Test
    void every_function_names_a_handler_class_that_exists_and_is_a_lambda_handler() {
        List<Template.Resource> functions = TEMPLATE.functions();

        assertThat(functions).isNotEmpty();
        assertThat(functions)
                .allSatisfy(f -> assertThat(Class.forName(
                                f.handlerClass(), false, getClass().getClassLoader()))
                        .as(f.id() + " handler " + f.handlerClass())
                        .isAssignableTo(RequestHandler.class));
    }

    @Test
    void the_legacy_facade_declares_its_six_routes() {
        Template.Resource facade = TEMPLATE.resources().get("LegacyApiFunction");

        assertThat(facade.events("HttpApi").values())
                .extracting(e -> e.get("Method") + " " + e.get("Path"))
                .containsExactlyInAnyOrder(
                        "POST /legacy/users",
                        "PUT /legacy/users/{userId}",
                        "PUT /legacy/users/{userId}/following/{otherUserId}",
                        "DELETE /legacy/users/{userId}/following/{otherUserId}",
                        "POST /legacy/users/{userId}/yubls",
                        "DELETE /legacy/users/{userId}/yubls/{yublId}");
    }

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
    void resources_are_created_after_what_they_refer_to() {
        List<String> order = Provisioner.inDependencyOrder(TEMPLATE.resources()).stream()
                .map(Template.Resource::id)
                .toList();

        assertThat(order).containsAll(TEMPLATE.resources().keySet());
        assertThat(order.indexOf("AddToFeedDeadLetterQueue")).isLessThan(order.indexOf("AddToFeedQueue"));
        assertThat(order.indexOf("AddToFeedQueue")).isLessThan(order.indexOf("AddToFeedSubscription"));
        assertThat(order.indexOf("FeedFanoutTopic")).isLessThan(order.indexOf("AddToFeedSubscription"));
    }

    @Test
    void each_function_gets_only_the_variables_it_declares_besides_the_jvm_flags_from_globals() {
        Template.Resource authorizer = TEMPLATE.resources().get("AuthorizerFunction");
        Template.Resource distribute = TEMPLATE.resources().get("DistributeYublFunction");

        assertThat(TEMPLATE.environment(authorizer))
                .containsOnlyKeys(
                        "JAVA_TOOL_OPTIONS",
                        "TOKEN_VERIFICATION_KEYS_SECRET_NAME",
                        "TOKEN_VERIFICATION_KEYS_MAX_AGE",
                        "TOKEN_MAX_USER_LIFETIME",
                        "TOKEN_MAX_SERVICE_LIFETIME");
        assertThat(TEMPLATE.environment(distribute))
                .containsKeys("RELATIONSHIP_API_URL", "FEED_FANOUT_TOPIC_ARN")
                .doesNotContainKeys("FEEDS_TABLE", "CURSOR_SECRET_NAME");
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
                "FollowersPageSize=1001", "above its MaxValue 1000",
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

    @Test
    void no_variable_of_any_function_holds_a_secret_only_its_name() {
        assertThat(TEMPLATE.functions())
                .allSatisfy(f -> assertThat(TEMPLATE.environment(f).keySet())
                        .as(f.id())
                        .noneMatch(name -> name.matches(".*(SECRET|KEY)")));
        assertThat(TEMPLATE.parameterDefaults().keySet()).noneMatch(name -> name.matches("(?i).*(secret|key).*"));
    }

    @Test
    void a_private_token_key_is_readable_by_its_owners_role_only_and_verifiers_read_only_public_keys() {
        // Given every policy of the template, as text, by the resource that holds it
        Map<String, String> policies = new TreeMap<>();
        TEMPLATE.resources().forEach((id, resource) -> {
            Object policy = "AWS::IAM::ManagedPolicy".equals(resource.type())
                    ? resource.properties().get("PolicyDocument")
                    : resource.properties().get("Policies");
            if (policy != null) {
                policies.put(id, String.valueOf(policy));
            }
        });

        // Then distribute-yubl's private keys are granted to its two functions, the monolith's to its policy alone,
        // and the public keys to the one verifier (the authorizer admits the WebSocket API's connects too)
        assertThat(holders(policies, "token-signing-keys/distribute-yubl"))
                .containsExactly("ContinueFanoutFunction", "DistributeYublFunction");
        assertThat(holders(policies, "token-signing-keys/legacy-monolith"))
                .containsExactly("MonolithSigningKeysPolicy");
        assertThat(holders(policies, "token-signing-keys/")).hasSize(3);
        assertThat(holders(policies, "token-verification-keys")).containsExactly("AuthorizerFunction");
    }

    private static List<String> holders(Map<String, String> policies, String secret) {
        return policies.entrySet().stream()
                .filter(e -> e.getValue().contains(secret))
                .map(Map.Entry::getKey)
                .toList();
    }
}
