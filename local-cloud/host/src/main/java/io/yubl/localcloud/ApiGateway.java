package io.yubl.localcloud;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.yubl.localcloud.client.LocalEndpoints;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What API Gateway does with an HTTP API request, in this JVM: finds the route template.yaml declares for it, makes it
 * a payload-2.0 event, runs the authorizer (a denial is a 403; an approval's context reaches the function as
 * {@code requestContext.authorizer.lambda}), invokes the function that owns the route, and turns its response back
 * into a reply. The local API host serves it over HTTP; the acceptance suite's handler mode calls it directly.
 */
public final class ApiGateway {
    /**
     * API Gateway's limits: a request's payload, and how long it waits for the function (integration timeout; the
     * function host counts it as Lambda counts a duration, so this machine's queueing and cold starts are not in it).
     */
    static final int MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

    static final long INTEGRATION_TIMEOUT_MILLIS = 30_000;
    /** A guard against a host that never answers at all; the function host's own limits end every invocation first. */
    private static final long HOST_GUARD_MILLIS = 10 * 60_000;

    private static final ExecutorService INTEGRATIONS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "api-integration");
        t.setDaemon(true);
        return t;
    });
    private static final DateTimeFormatter REQUEST_TIME = DateTimeFormatter.ofPattern(
                    "dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    /** A request as it arrives: header names lower-case, the body as sent. */
    public record Request(
            String method, URI uri, Map<String, String> headers, byte[] body, String sourceIp, String protocol) {}

    /** What goes back to the caller. */
    public record Reply(int status, Map<String, String> headers, byte[] body) {
        static Reply json(int status, String body) {
            return new Reply(status, Map.of("content-type", "application/json"), body.getBytes(StandardCharsets.UTF_8));
        }
    }

    private record Binding(HttpRoute route, LambdaFunction function) {}

    private final List<Binding> bindings = new ArrayList<>();
    private final LambdaFunction authorizer;

    /** @param authorizer the HTTP API's default Lambda authorizer (payload 2.0, simple responses), or null */
    public ApiGateway(List<? extends LambdaFunction> functions, LambdaFunction authorizer) {
        this.authorizer = authorizer;
        for (LambdaFunction function : functions) {
            function.resource()
                    .events("HttpApi")
                    .values()
                    .forEach(e -> bindings.add(new Binding(
                            new HttpRoute(
                                    String.valueOf(e.get("Method")).toUpperCase(Locale.ROOT),
                                    String.valueOf(e.get("Path"))),
                            function)));
        }
        bindings.sort(
                Comparator.comparingInt((Binding b) -> b.route().specificity()).reversed());
    }

    public List<String> routes() {
        return bindings.stream()
                .map(b -> b.route().routeKey() + "  -> " + b.function().name())
                .toList();
    }

    public Reply handle(Request request) {
        String method = request.method().toUpperCase(Locale.ROOT);
        String path = request.uri().getRawPath();
        Optional<Map.Entry<Binding, Map<String, String>>> match = Optional.empty();
        boolean pathKnown = false;
        for (Binding binding : bindings) {
            Optional<Map<String, String>> parameters = binding.route().match(path);
            if (parameters.isPresent()) {
                pathKnown = true;
                if (binding.route().method().equals(method)
                        || binding.route().method().equals("ANY")) {
                    match = Optional.of(Map.entry(binding, parameters.get()));
                    break;
                }
            }
        }
        if (match.isEmpty()) {
            return Reply.json(
                    pathKnown ? 405 : 404,
                    "{\"error\":\"" + (pathKnown ? "method_not_allowed" : "not_found") + "\",\"message\":\"" + method
                            + " " + path + " is not a route of this API\"}");
        }
        if (request.body() != null && request.body().length > MAX_PAYLOAD_BYTES) {
            return Reply.json(413, "{\"message\":\"Request Entity Too Large\"}");
        }
        Binding binding = match.get().getKey();
        APIGatewayV2HTTPEvent event =
                event(request, binding.route(), match.get().getValue());
        if (authorizer != null && !authorize(event)) {
            return Reply.json(403, "{\"message\":\"Forbidden\"}");
        }
        APIGatewayV2HTTPResponse response;
        Future<APIGatewayV2HTTPResponse> integration = INTEGRATIONS.submit(
                () -> binding.function().invoke(event, APIGatewayV2HTTPResponse.class, INTEGRATION_TIMEOUT_MILLIS));
        try {
            response = integration.get(HOST_GUARD_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            System.err.println("[api-host] the function host did not answer "
                    + binding.route().routeKey() + " at all");
            return Reply.json(503, "{\"message\":\"Service Unavailable\"}");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LambdaFunction.InvocationError error
                    && error.errorType().equals(LambdaFunction.CALLER_TIMED_OUT)) {
                System.err.println("[api-host] " + binding.function().name() + " did not answer "
                        + binding.route().routeKey() + " within the 30 s integration timeout");
                return Reply.json(503, "{\"message\":\"Service Unavailable\"}");
            }
            System.err.println("[api-host] " + binding.function().name() + " failed on "
                    + binding.route().routeKey() + ": " + e.getCause());
            return Reply.json(500, "{\"message\":\"Internal Server Error\"}");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Reply.json(503, "{\"message\":\"Service Unavailable\"}");
        }
        if (response == null) {
            return Reply.json(500, "{\"message\":\"Internal Server Error\"}");
        }
        String body = response.getBody() == null ? "" : response.getBody();
        byte[] bytes = response.getIsBase64Encoded()
                ? Base64.getDecoder().decode(body)
                : body.getBytes(StandardCharsets.UTF_8);
        return new Reply(
                response.getStatusCode(), response.getHeaders() == null ? Map.of() : response.getHeaders(), bytes);
    }

    @SuppressWarnings("unchecked")
    private boolean authorize(APIGatewayV2HTTPEvent event) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("version", "2.0");
        request.put("type", "REQUEST");
        request.put(
                "routeArn",
                "arn:aws:execute-api:" + LocalEndpoints.REGION + ":" + LocalEndpoints.ACCOUNT_ID + ":local/$default/"
                        + event.getRouteKey().replace(' ', '/'));
        request.put("routeKey", event.getRouteKey());
        request.put("rawPath", event.getRawPath());
        request.put("rawQueryString", event.getRawQueryString());
        request.put("headers", event.getHeaders());
        request.put("queryStringParameters", event.getQueryStringParameters());
        request.put("pathParameters", event.getPathParameters());
        Map<String, Object> response = authorizer.invoke(request, Map.class);
        if (response == null || !Boolean.TRUE.equals(response.get("isAuthorized"))) {
            return false;
        }
        APIGatewayV2HTTPEvent.RequestContext.Authorizer context = new APIGatewayV2HTTPEvent.RequestContext.Authorizer();
        context.setLambda(response.get("context") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of());
        event.getRequestContext().setAuthorizer(context);
        return true;
    }

    private static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static APIGatewayV2HTTPEvent event(Request request, HttpRoute route, Map<String, String> pathParameters) {
        Map<String, String> headers = request.headers();
        URI uri = request.uri();
        byte[] raw = request.body() == null ? new byte[0] : request.body();
        // a body that is not valid UTF-8 goes on base64-encoded, as binary, never decoded with replacement
        // characters: the function reads its bytes, and refuses them
        boolean text = isText(headers.get("content-type")) && isUtf8(raw);
        Instant now = Instant.now();
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(route.routeKey())
                .withRawPath(uri.getRawPath())
                .withRawQueryString(uri.getRawQuery() == null ? "" : uri.getRawQuery())
                .withHeaders(headers)
                .withQueryStringParameters(query(uri.getRawQuery()))
                .withPathParameters(pathParameters.isEmpty() ? null : pathParameters)
                .withBody(
                        raw.length == 0
                                ? null
                                : text
                                        ? new String(raw, StandardCharsets.UTF_8)
                                        : Base64.getEncoder().encodeToString(raw))
                .withIsBase64Encoded(raw.length > 0 && !text)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withAccountId(LocalEndpoints.ACCOUNT_ID)
                        .withApiId("local")
                        .withDomainName(headers.getOrDefault("host", "127.0.0.1"))
                        .withStage("$default")
                        .withRouteKey(route.routeKey())
                        .withRequestId(UUID.randomUUID().toString())
                        .withTime(REQUEST_TIME.format(now))
                        .withTimeEpoch(now.toEpochMilli())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(route.method())
                                .withPath(uri.getRawPath())
                                .withProtocol(request.protocol())
                                .withSourceIp(request.sourceIp())
                                .withUserAgent(headers.getOrDefault("user-agent", ""))
                                .build())
                        .build())
                .build();
    }

    /** Query parameters as API Gateway gives them: repeated names joined with commas. */
    static Map<String, String> query(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            parameters.merge(name, value, (a, b) -> a + "," + b);
        }
        return parameters;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static boolean isText(String contentType) {
        if (contentType == null) {
            return true;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.startsWith("text/")
                || type.contains("json")
                || type.contains("xml")
                || type.contains("x-www-form-urlencoded")
                || type.contains("javascript");
    }
}
