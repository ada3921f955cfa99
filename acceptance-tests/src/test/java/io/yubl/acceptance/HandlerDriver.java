package io.yubl.acceptance;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.yubl.contracts.Contracts;
import io.yubl.localcloud.ApiHost;
import io.yubl.localcloud.AwsClients;
import io.yubl.localcloud.HttpRoute;
import io.yubl.localcloud.Intrinsics;
import io.yubl.localcloud.LocalCloud;
import io.yubl.localcloud.LocalContext;
import io.yubl.localcloud.Provisioner;
import io.yubl.localcloud.Template;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * TEST_MODE=handler: each call goes to the handler class template.yaml names for its route, in this JVM, as an API
 * Gateway HTTP API (payload 2.0) event, after the authorizer function has run on it, with a test Lambda context. The
 * handlers work against the real services of the local cloud; the processors they set going run on its function host.
 */
final class HandlerDriver implements Driver {
    private record Binding(HttpRoute route, String functionName, String handlerClass) {
    }

    private final List<Binding> bindings = new ArrayList<>();
    private final String authorizerClass;
    private final Map<String, RequestHandler<Object, Object>> handlers = new ConcurrentHashMap<>();

    HandlerDriver(Template template) {
        AwsClients.useLocalEndpointsByDefault();
        Intrinsics intrinsics = Provisioner.local(template, line -> { }).provision();
        LocalCloud.functionEnvironment(template, intrinsics).forEach(System::setProperty);
        for (Template.Resource function : template.functions()) {
            function.events("HttpApi").values().forEach(e -> bindings.add(new Binding(
                    new HttpRoute(String.valueOf(e.get("Method")).toUpperCase(Locale.ROOT), String.valueOf(e.get("Path"))),
                    intrinsics.resolveString(function.properties().get("FunctionName")), function.handlerClass())));
        }
        authorizerClass = template.resources().get("AuthorizerFunction").handlerClass();
    }

    @Override
    @SuppressWarnings("unchecked")
    public Response call(String method, String pathAndQuery, Map<String, String> headers, String body) {
        URI uri = URI.create(pathAndQuery);
        Binding binding = null;
        Map<String, String> pathParameters = null;
        for (Binding b : bindings) {
            Optional<Map<String, String>> match = b.route().match(uri.getRawPath());
            if (match.isPresent() && b.route().method().equals(method)) {
                binding = b;
                pathParameters = match.get();
                break;
            }
        }
        if (binding == null) {
            return new Response(404, Map.of(), null);
        }
        Map<String, String> lowerCaseHeaders = new LinkedHashMap<>();
        headers.forEach((k, v) -> lowerCaseHeaders.put(k.toLowerCase(Locale.ROOT), v));
        lowerCaseHeaders.put("content-type", "application/json");
        Map<String, Object> verdict = (Map<String, Object>) handler(authorizerClass)
                .handleRequest(Map.of("version", "2.0", "type", "REQUEST", "headers", lowerCaseHeaders), context("authorizer"));
        APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer = new APIGatewayV2HTTPEvent.RequestContext.Authorizer();
        authorizer.setLambda((Map<String, Object>) verdict.get("context"));
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(binding.route().routeKey())
                .withRawPath(uri.getRawPath())
                .withRawQueryString(uri.getRawQuery() == null ? "" : uri.getRawQuery())
                .withHeaders(lowerCaseHeaders)
                .withQueryStringParameters(ApiHost.query(uri.getRawQuery()))
                .withPathParameters(pathParameters.isEmpty() ? null : pathParameters)
                .withBody(body)
                .withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRouteKey(binding.route().routeKey())
                        .withRequestId(UUID.randomUUID().toString())
                        .withStage("$default")
                        .withTimeEpoch(Instant.now().toEpochMilli())
                        .withAuthorizer(authorizer)
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).withPath(uri.getRawPath()).build())
                        .build())
                .build();
        APIGatewayV2HTTPResponse response = (APIGatewayV2HTTPResponse) handler(binding.handlerClass()).handleRequest(event, context(binding.functionName()));
        Map<String, String> responseHeaders = new LinkedHashMap<>();
        if (response.getHeaders() != null) {
            response.getHeaders().forEach((k, v) -> responseHeaders.put(k.toLowerCase(Locale.ROOT), v));
        }
        try {
            String text = response.getBody();
            return new Response(response.getStatusCode(), responseHeaders, text == null || text.isBlank() ? null : Contracts.json().readTree(text));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One instance per handler class, made on first use, as Lambda does at cold start. */
    @SuppressWarnings("unchecked")
    private RequestHandler<Object, Object> handler(String className) {
        return handlers.computeIfAbsent(className, name -> {
            try {
                return (RequestHandler<Object, Object>) Class.forName(name).getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot create " + name, e);
            }
        });
    }

    private static LocalContext context(String functionName) {
        return new LocalContext(functionName, 30, 1024);
    }
}
