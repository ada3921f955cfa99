package io.yubl.middleware.http;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.yubl.contracts.ContractViolation;
import io.yubl.contracts.Contracts;
import io.yubl.middleware.auth.Principal;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/** What a route sees of an API Gateway HTTP API request (payload 2.0), and who is asking. */
public record HttpRequest(APIGatewayV2HTTPEvent event, Principal principal) {

    public String routeKey() {
        return String.valueOf(event.getRouteKey());
    }

    public String pathParameter(String name) {
        return event.getPathParameters() == null
                ? null
                : event.getPathParameters().get(name);
    }

    public String queryParameter(String name) {
        return event.getQueryStringParameters() == null
                ? null
                : event.getQueryStringParameters().get(name);
    }

    public Map<String, String> headers() {
        return event.getHeaders() == null ? Map.of() : event.getHeaders();
    }

    public String header(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, String> h : headers().entrySet()) {
            if (h.getKey().toLowerCase(Locale.ROOT).equals(lower)) {
                return h.getValue();
            }
        }
        return null;
    }

    /** The body as JSON; a 400 naming {@code body} when it is missing or not JSON. */
    public JsonNode jsonBody() {
        String raw = event.getBody();
        if (raw == null || raw.isBlank()) {
            throw HttpError.badRequest("body", "is required: a JSON object");
        }
        byte[] bytes = event.getIsBase64Encoded() ? Base64.getDecoder().decode(raw) : raw.getBytes(UTF_8);
        try {
            return Contracts.parse(bytes, "request body");
        } catch (ContractViolation e) {
            throw HttpError.badRequest("body", e.problems().get(0).message());
        }
    }
}
