package io.yubl.middleware.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.yubl.contracts.Contracts;
import io.yubl.middleware.auth.Access;
import io.yubl.middleware.http.HttpApiHandler.Endpoint;
import io.yubl.runtime.Correlation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpApiHandlerTest {
    private static final Map<String, Object> ADA = Map.of("principal", "user:ada");

    private final List<String> routed = new ArrayList<>();

    private final HttpApiHandler handler = new HttpApiHandler(List.of(
            new Endpoint(
                    "GET /ok",
                    Access.users(),
                    r -> HttpResponse.json(
                            200,
                            Contracts.json()
                                    .createObjectNode()
                                    .put("seen", Correlation.id())
                                    .put("caller", r.principal().id()))),
            new Endpoint("GET /bad", Access.users(), r -> {
                throw HttpError.badRequest("limit", "must be from 1 to 100");
            }),
            new Endpoint("GET /boom", Access.users(), r -> {
                throw new IllegalStateException("secret internals");
            }),
            new Endpoint("POST /internal", Access.services("legacy-monolith"), r -> HttpResponse.json(202, null)),
            new Endpoint("GET /users/{userId}", Access.users(), r -> {
                routed.add(r.pathParameter("userId"));
                return HttpResponse.json(200, null);
            }))) {};

    @Test
    void the_callers_correlation_id_is_used_and_returned_and_the_route_knows_the_caller() {
        APIGatewayV2HTTPResponse response = call("GET /ok", Map.of("X-Correlation-Id", "corr-1"), ADA);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getHeaders()).containsEntry("x-correlation-id", "corr-1");
        assertThat(json(response).get("seen").asText()).isEqualTo("corr-1");
        assertThat(json(response).get("caller").asText()).isEqualTo("ada");
    }

    @Test
    void an_http_error_names_the_field_and_carries_a_generated_correlation_id() {
        APIGatewayV2HTTPResponse response = call("GET /bad", Map.of(), ADA);

        assertThat(response.getStatusCode()).isEqualTo(400);
        JsonNode body = json(response);
        assertThat(body.get("fields").get(0).get("field").asText()).isEqualTo("limit");
        assertThat(body.get("correlationId").asText())
                .isNotBlank()
                .isEqualTo(response.getHeaders().get("x-correlation-id"));
    }

    @Test
    void an_unexpected_failure_is_a_500_that_tells_nothing_of_the_internals() {
        APIGatewayV2HTTPResponse response = call("GET /boom", Map.of("x-correlation-id", "corr-2"), ADA);

        assertThat(response.getStatusCode()).isEqualTo(500);
        assertThat(response.getBody()).doesNotContain("secret internals").contains("corr-2");
    }

    @Test
    void without_a_principal_it_is_a_401_that_says_why() {
        APIGatewayV2HTTPResponse none = call("GET /ok", Map.of(), null);
        APIGatewayV2HTTPResponse expired =
                call("GET /ok", Map.of(), Map.of("authError", "the bearer token has expired"));

        assertThat(none.getStatusCode()).isEqualTo(401);
        assertThat(none.getHeaders()).containsEntry("www-authenticate", "Bearer");
        assertThat(expired.getStatusCode()).isEqualTo(401);
        assertThat(json(expired).get("message").asText()).isEqualTo("the bearer token has expired");
    }

    @Test
    void a_principal_the_route_does_not_allow_gets_a_403() {
        assertThat(call("POST /internal", Map.of(), ADA).getStatusCode()).isEqualTo(403);
        assertThat(call("GET /ok", Map.of(), Map.of("principal", "service:legacy-monolith"))
                        .getStatusCode())
                .isEqualTo(403);
        assertThat(call("POST /internal", Map.of(), Map.of("principal", "service:legacy-monolith"))
                        .getStatusCode())
                .isEqualTo(202);
    }

    @ParameterizedTest
    @ValueSource(strings = {" ", "u1\n", "a/b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void a_path_parameter_that_is_no_id_is_a_400_naming_it_and_the_route_never_runs(String userId) {
        // When
        APIGatewayV2HTTPResponse response = call("GET /users/{userId}", Map.of("userId", userId), Map.of(), ADA);

        // Then
        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(json(response).get("fields").get(0).get("field").asText()).isEqualTo("userId");
        assertThat(routed).isEmpty();
    }

    @Test
    void a_path_parameter_that_is_an_id_reaches_the_route() {
        assertThat(call("GET /users/{userId}", Map.of("userId", "u-1_A"), Map.of(), ADA)
                        .getStatusCode())
                .isEqualTo(200);
        assertThat(routed).containsExactly("u-1_A");
    }

    @Test
    void an_unknown_route_is_a_404() {
        assertThat(call("GET /nowhere", Map.of(), ADA).getStatusCode()).isEqualTo(404);
    }

    private APIGatewayV2HTTPResponse call(
            String routeKey, Map<String, String> headers, Map<String, Object> authorizerContext) {
        return call(routeKey, null, headers, authorizerContext);
    }

    private APIGatewayV2HTTPResponse call(
            String routeKey,
            Map<String, String> pathParameters,
            Map<String, String> headers,
            Map<String, Object> authorizerContext) {
        APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
        if (authorizerContext != null) {
            APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer =
                    new APIGatewayV2HTTPEvent.RequestContext.Authorizer();
            authorizer.setLambda(authorizerContext);
            context.setAuthorizer(authorizer);
        }
        return handler.handleRequest(
                APIGatewayV2HTTPEvent.builder()
                        .withRouteKey(routeKey)
                        .withPathParameters(pathParameters)
                        .withHeaders(headers)
                        .withRequestContext(context)
                        .build(),
                null);
    }

    private static JsonNode json(APIGatewayV2HTTPResponse response) {
        try {
            return Contracts.json().readTree(response.getBody());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
