package io.yubl.middleware.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yubl.contracts.Contracts;
import io.yubl.contracts.CorrelationIds;
import io.yubl.contracts.Ids;
import io.yubl.contracts.Problem;
import io.yubl.middleware.Invocation;
import io.yubl.middleware.LambdaEvents;
import io.yubl.middleware.auth.Access;
import io.yubl.middleware.auth.Principal;
import io.yubl.runtime.Correlation;
import io.yubl.runtime.Metrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The middleware of every HTTP API function (API Gateway HTTP API, payload 2.0): correlation ids from the request
 * headers (one is made when absent) and back on the response; authentication and access, from the principal (or the
 * reason there is none) the authorizer put in the request context: no principal is a 401, a principal the route's
 * {@link Access} does not allow is a 403; one access log line and latency metrics per request; and error mapping: an
 * {@link HttpError} becomes its status with a JSON body naming the fields at fault, anything else a 500 that says
 * nothing of the internals. Every error body carries the correlation id.
 */
public abstract class HttpApiHandler
        implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>, RequestStreamHandler {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApiHandler.class);

    /** One route's plain Java. */
    @FunctionalInterface
    public interface Route {
        HttpResponse handle(HttpRequest request) throws Exception;
    }

    /**
     * A route: its key as template.yaml declares it ({@code "GET /users/{userId}/followers"}), who may call it,
     * its code.
     */
    public record Endpoint(String routeKey, Access access, Route route) {}

    private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();

    protected HttpApiHandler(List<Endpoint> endpoints) {
        endpoints.forEach(e -> this.endpoints.put(e.routeKey(), e));
    }

    /** On the runtime: the event document read and the answer written by {@link LambdaEvents}. */
    @Override
    public final void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
        LambdaEvents.handle(in, out, context, APIGatewayV2HTTPEvent.class, this::handleRequest);
    }

    @Override
    public final APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return Invocation.around(context, () -> {
            long started = System.nanoTime();
            Correlation.begin(event.getHeaders() == null ? Map.of() : event.getHeaders());
            HttpResponse response = respond(event);
            MDC.remove("principal");
            double millis = (System.nanoTime() - started) / 1e6;
            Metrics.milliseconds("Latency", millis);
            Metrics.count(
                    response.status() >= 500
                            ? "Responses5xx"
                            : response.status() >= 400 ? "Responses4xx" : "Responses2xx",
                    1);
            LOG.atInfo()
                    .addKeyValue("route", event.getRouteKey())
                    .addKeyValue("path", event.getRawPath())
                    .addKeyValue("status", response.status())
                    .addKeyValue("latencyMs", Math.round(millis * 10) / 10.0)
                    .log("request");
            return render(response);
        });
    }

    private HttpResponse respond(APIGatewayV2HTTPEvent event) {
        Endpoint endpoint = endpoints.get(String.valueOf(event.getRouteKey()));
        try {
            if (endpoint == null) {
                throw new HttpError(404, "not_found", "no route " + event.getRouteKey());
            }
            Principal principal = authenticated(event);
            if (!endpoint.access().allows(principal)) {
                throw new HttpError(403, "forbidden", principal.wire() + " may not call " + endpoint.routeKey());
            }
            MDC.put("principal", principal.wire());
            rejectInvalidPathParameters(event);
            return endpoint.route().handle(new HttpRequest(event, principal));
        } catch (HttpError e) {
            return error(e);
        } catch (Exception e) {
            LOG.atError().setCause(e).addKeyValue("route", event.getRouteKey()).log("request failed");
            return error(new HttpError(
                    500,
                    "internal_error",
                    "the request failed unexpectedly; quote the correlation id when reporting it"));
        }
    }

    /** Every path parameter of these APIs is an id: a 400 naming each one that is not, before any store is touched. */
    private static void rejectInvalidPathParameters(APIGatewayV2HTTPEvent event) {
        if (event.getPathParameters() == null) {
            return;
        }
        List<Problem> problems = new ArrayList<>();
        event.getPathParameters().forEach((name, value) -> {
            if (!Ids.isValid(value)) {
                problems.add(new Problem(name, Ids.RULE));
            }
        });
        if (!problems.isEmpty()) {
            throw HttpError.badRequest(problems);
        }
    }

    /** The principal the authorizer vouched for; a 401 naming the reason when there is none. */
    private static Principal authenticated(APIGatewayV2HTTPEvent event) {
        Map<String, Object> context =
                event.getRequestContext() == null || event.getRequestContext().getAuthorizer() == null
                        ? null
                        : event.getRequestContext().getAuthorizer().getLambda();
        Object principal = context == null ? null : context.get("principal");
        if (principal == null) {
            Object reason = context == null ? null : context.get("authError");
            throw new HttpError(
                    401,
                    "unauthorized",
                    reason == null ? "a bearer token is required" : String.valueOf(reason),
                    List.of(),
                    Map.of("www-authenticate", "Bearer"));
        }
        return Principal.fromWire(String.valueOf(principal));
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
            object.put("correlationId", Problem.quote(Correlation.id()));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.putAll(response.headers());
        headers.put(CorrelationIds.HEADER, Problem.quote(Correlation.id()));
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(response.status())
                .withHeaders(headers)
                .withBody(body == null ? "" : body.toString())
                .build();
    }
}
