package io.yubl.localcloud;

import static org.assertj.core.api.Assertions.assertThat;

import io.yubl.localcloud.client.Template;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DependencyGraphTest {

    @Test
    void template_yaml_has_no_dependency_cycle() {
        // Given
        DependencyGraph graph = DependencyGraph.of(TemplateRulesTest.TEMPLATE);

        // When / Then
        assertThat(graph.cycle())
                .as("a dependency cycle CloudFormation would reject")
                .isEmpty();
        assertThat(graph.needs("HttpApi")).contains("AuthorizerFunction.Alias", "FeedApiFunction.Alias");
        assertThat(graph.needs("DistributeYublFunction")).contains("HttpApi");
    }

    @Test
    void a_variable_in_globals_that_names_the_api_its_authorizer_serves_is_a_cycle() {
        // Given
        DependencyGraph graph =
                DependencyGraph.of(Template.load(Path.of("src/test/resources/templates/cycle-through-globals.yaml")));

        // When / Then
        assertThat(graph.cycle())
                .hasValueSatisfying(
                        cycle -> assertThat(cycle).containsSubsequence("HttpApi", "AuthorizerFunction", "HttpApi"));
    }

    @Test
    void an_alarm_on_a_function_that_rolls_back_its_own_deployment_is_not_a_cycle() {
        // Given
        DependencyGraph graph =
                DependencyGraph.of(Template.load(Path.of("src/test/resources/templates/alarm-on-own-function.yaml")));

        // When / Then
        assertThat(graph.cycle()).isEmpty();
        assertThat(graph.needs("ReadFunction.Alias")).contains("ReadFunction", "ReadErrors");
        assertThat(graph.needs("ReadErrors")).contains("ReadFunction");
    }
}
