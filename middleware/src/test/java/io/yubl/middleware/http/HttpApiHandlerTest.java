package io.yubl.middleware.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.yubl.contracts.Contracts;
import io.yubl.middleware.Correlation;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HttpApiHandlerTest {
    private final HttpApiHandler handler = new HttpApiHandler(Map.of(
            "GET /ok", r -> HttpResponse.json(200, Contracts.json().createObjectNode().put("seen", Correlation.id())),
            "GET /bad", r -> {
                throw HttpError.badRequest("limit", "must be from 1 to 100");
            },
            "GET /boom", r -> {
                throw new IllegalStateException("secret internals");
            })) {
    };

    @Test
    void the_callers_correlation_id_is_used_and_returned() {
        APIGatewayV2HTTPResponse response = call("GET /ok", Map.of("X-Correlation-Id", "corr-1"));

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getHeaders()).containsEntry("x-correlation-id", "corr-1");
        assertThat(json(response).get("seen").asText()).isEqualTo("corr-1");
    }

    @Test
    void an_http_error_names_the_field_and_carries_a_generated_correlation_id() {
        APIGatewayV2HTTPResponse response = call("GET /bad", Map.of());

        assertThat(response.getStatusCode()).isEqualTo(400);
        JsonNode body = json(response);
        assertThat(body.get("fields").get(0).get("field").asText()).isEqualTo("limit");
        assertThat(body.get("correlationId").asText()).isNotBlank().isEqualTo(response.getHeaders().get("x-correlation-id"));
    }

    @Test
    void an_unexpected_failure_is_a_500_that_tells_nothing_of_the_internals() {
        APIGatewayV2HTTPResponse response = call("GET /boom", Map.of("x-correlation-id", "corr-2"));

        assertThat(response.getStatusCode()).isEqualTo(500);
        assertThat(response.getBody()).doesNotContain("secret internals").contains("corr-2");
    }

    @Test
    void an_unknown_route_is_a_404() {
        assertThat(call("GET /nowhere", Map.of()).getStatusCode()).isEqualTo(404);
    }

    private APIGatewayV2HTTPResponse call(String routeKey, Map<String, String> headers) {
        return handler.handleRequest(APIGatewayV2HTTPEvent.builder().withRouteKey(routeKey).withHeaders(headers).build(), null);
    }

    private static JsonNode json(APIGatewayV2HTTPResponse response) {
        try {
            return Contracts.json().readTree(response.getBody());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
