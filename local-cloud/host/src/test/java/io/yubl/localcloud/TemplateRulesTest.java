package io.yubl.localcloud;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.yubl.localcloud.client.Template;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** What template.yaml must hold, for the host to run it and for CloudFormation to deploy it. */
class TemplateRulesTest {
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
