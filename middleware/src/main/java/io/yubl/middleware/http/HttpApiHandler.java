package io.yubl.middleware.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yubl.contracts.Contracts;
import io.yubl.contracts.CorrelationIds;
import io.yubl.middleware.Correlation;
import io.yubl.middleware.Invocation;
import io.yubl.middleware.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The middleware of every HTTP API function (API Gateway HTTP API, payload 2.0): correlation ids from the request
 * headers (one is made when absent) and back on the response, one access log line and latency metrics per request,
 * and error mapping: an {@link HttpError} becomes its status with a JSON body naming the fields at fault; anything
 * else becomes a 500 that says nothing of the internals. Every error body carries the correlation id.
 */
public abstract class HttpApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApiHandler.class);

    /** One route's plain Java. */
    @FunctionalInterface
    public interface Route {
        HttpResponse handle(HttpRequest request) throws Exception;
    }

    private final Map<String, Route> routes;

    /** @param routes by route key, as template.yaml declares them ({@code "GET /users/{id}/followers"}) */
    protected HttpApiHandler(Map<String, Route> routes) {
        this.routes = Map.copyOf(routes);
    }

    @Override
    public final APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return Invocation.around(context, () -> {
            long started = System.nanoTime();
            Correlation.begin(event.getHeaders() == null ? Map.of() : event.getHeaders());
            HttpResponse response = respond(new HttpRequest(event));
            double millis = (System.nanoTime() - started) / 1e6;
            Metrics.milliseconds("Latency", millis);
            Metrics.count(response.status() >= 500 ? "Responses5xx" : response.status() >= 400 ? "Responses4xx" : "Responses2xx", 1);
            LOG.atInfo().addKeyValue("route", event.getRouteKey()).addKeyValue("path", event.getRawPath())
                    .addKeyValue("status", response.status()).addKeyValue("latencyMs", Math.round(millis * 10) / 10.0)
                    .log("request");
            return render(response);
        });
    }

    private HttpResponse respond(HttpRequest request) {
        Route route = routes.get(request.routeKey());
        try {
            if (route == null) {
                throw new HttpError(404, "not_found", "no route " + request.routeKey());
            }
            return route.handle(request);
        } catch (HttpError e) {
            return error(e);
        } catch (Exception e) {
            LOG.atError().setCause(e).addKeyValue("route", request.routeKey()).log("request failed");
            return error(new HttpError(500, "internal_error",
                    "the request failed unexpectedly; quote the correlation id when reporting it"));
        }
    }

    private static HttpResponse error(HttpError e) {
        ObjectNode body = Contracts.json().createObjectNode();
        body.put("error", e.code());
        body.put("message", e.getMessage());
        if (!e.fields().isEmpty()) {
            var fields = body.putArray("fields");
            e.fields().forEach(p -> fields.addObject().put("field", p.path()).put("message", p.message()));
        }
        return new HttpResponse(e.status(), e.headers(), body);
    }

    private static APIGatewayV2HTTPResponse render(HttpResponse response) {
        JsonNode body = response.body();
        if (body instanceof ObjectNode object && response.status() >= 400) {
            object.put("correlationId", Correlation.id());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.putAll(response.headers());
        headers.put(CorrelationIds.HEADER, Correlation.id());
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(response.status())
                .withHeaders(headers)
                .withBody(body == null ? "" : body.toString())
                .build();
    }
}
