package io.yubl.localcloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpRouteTest {

    @Test
    void path_parameters_are_named_and_decoded() {
        HttpRoute route = new HttpRoute("DELETE", "/legacy/users/{userId}/yubls/{yublId}");

        assertThat(route.match("/legacy/users/u%201/yubls/y-9")).contains(Map.of("userId", "u 1", "yublId", "y-9"));
        assertThat(route.routeKey()).isEqualTo("DELETE /legacy/users/{userId}/yubls/{yublId}");
    }

    @Test
    void a_path_of_another_shape_does_not_match() {
        HttpRoute route = new HttpRoute("GET", "/users/{id}/followers");

        assertThat(route.match("/users/u1/following")).isEmpty();
        assertThat(route.match("/users/u1")).isEmpty();
        assertThat(route.match("/users/u1/followers/extra")).isEmpty();
        assertThat(route.match("/users//followers")).isEmpty();
    }

    @Test
    void a_greedy_parameter_takes_the_rest_of_the_path() {
        assertThat(new HttpRoute("GET", "/files/{path+}").match("/files/a/b/c")).contains(Map.of("path", "a/b/c"));
    }

    @Test
    void a_trailing_slash_is_the_same_path() {
        assertThat(new HttpRoute("POST", "/legacy/users").match("/legacy/users/"))
                .contains(Map.of());
    }

    @Test
    void literal_segments_are_more_specific_than_parameters() {
        assertThat(new HttpRoute("GET", "/users/me").specificity())
                .isGreaterThan(new HttpRoute("GET", "/users/{id}").specificity());
    }

    @Test
    void repeated_query_parameters_are_joined_with_commas_as_api_gateway_does() {
        assertThat(ApiGateway.query("limit=10&tag=a&tag=b%20c")).isEqualTo(Map.of("limit", "10", "tag", "a,b c"));
        assertThat(ApiGateway.query("")).isNull();
    }
}
