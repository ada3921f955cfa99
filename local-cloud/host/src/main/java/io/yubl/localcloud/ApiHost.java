package io.yubl.localcloud;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves every HttpApi route of template.yaml on one local port, as API Gateway HTTP APIs do: each request becomes a
 * payload-2.0 event for the function that owns the route, and the function's response becomes the HTTP response.
 */
public final class ApiHost implements AutoCloseable {
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private record Binding(HttpRoute route, LocalFunction function) {
    }

    private final List<Binding> bindings = new ArrayList<>();
    private final LocalFunction authorizer;
    private final HttpServer server;
    private final ExecutorService workers;

    /** @param authorizer the HTTP API's default Lambda authorizer (payload 2.0, simple responses), or null */
    public ApiHost(List<LocalFunction> functions, LocalFunction authorizer, int port) throws IOException {
        this.authorizer = authorizer;
        for (LocalFunction function : functions) {
            function.resource().events("HttpApi").values().forEach(e -> bindings.add(new Binding(
                    new HttpRoute(String.valueOf(e.get("Method")).toUpperCase(Locale.ROOT), String.valueOf(e.get("Path"))),
                    function)));
        }
        bindings.sort(Comparator.comparingInt((Binding b) -> b.route().specificity()).reversed());
        // without TCP_NODELAY, Nagle's algorithm and the client's delayed ACK add ~40 ms to every small response
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
        workers = Executors.newFixedThreadPool(32, r -> {
            Thread t = new Thread(r, "api-host");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(workers);
        server.createContext("/", this::serve);
    }

    public void start() {
        server.start();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public List<String> routes() {
        return bindings.stream().map(b -> b.route().routeKey() + "  -> " + b.function().name()).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String path = exchange.getRequestURI().getRawPath();
            Optional<Map.Entry<Binding, Map<String, String>>> match = Optional.empty();
            boolean pathKnown = false;
            for (Binding binding : bindings) {
                Optional<Map<String, String>> parameters = binding.route().match(path);
                if (parameters.isPresent()) {
                    pathKnown = true;
                    if (binding.route().method().equals(method) || binding.route().method().equals("ANY")) {
                        match = Optional.of(Map.entry(binding, parameters.get()));
                        break;
                    }
                }
            }
            if (match.isEmpty()) {
                write(exchange, pathKnown ? 405 : 404, Map.of("content-type", "application/json"),
                        "{\"error\":\"" + (pathKnown ? "method_not_allowed" : "not_found") + "\",\"message\":\""
                                + method + " " + path + " is not a route of this API\"}");
                return;
            }
            Binding binding = match.get().getKey();
            APIGatewayV2HTTPEvent event = event(exchange, binding.route(), match.get().getValue());
            if (authorizer != null && !authorize(event)) {
                write(exchange, 403, Map.of("content-type", "application/json"), "{\"message\":\"Forbidden\"}");
                return;
            }
            APIGatewayV2HTTPResponse response;
            try {
                response = (APIGatewayV2HTTPResponse) binding.function().invoke(event);
            } catch (RuntimeException | Error e) {
                System.err.println("[api-host] " + binding.function().name() + " failed on " + binding.route().routeKey() + ": " + e);
                e.printStackTrace();
                write(exchange, 500, Map.of("content-type", "application/json"), "{\"message\":\"Internal Server Error\"}");
                return;
            }
            String body = response.getBody() == null ? "" : response.getBody();
            byte[] bytes = response.getIsBase64Encoded() ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
            write(exchange, response.getStatusCode(), response.getHeaders() == null ? Map.of() : response.getHeaders(), bytes);
        }
    }

    /**
     * Runs the authorizer as API Gateway does (payload 2.0, simple response): a denial ends the request with a 403; an
     * approval's context reaches the function as {@code requestContext.authorizer.lambda}.
     */
    @SuppressWarnings("unchecked")
    private boolean authorize(APIGatewayV2HTTPEvent event) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("version", "2.0");
        request.put("type", "REQUEST");
        request.put("routeArn", "arn:aws:execute-api:" + LocalEndpoints.REGION + ":" + LocalEndpoints.ACCOUNT_ID + ":local/$default/"
                + event.getRouteKey().replace(' ', '/'));
        request.put("routeKey", event.getRouteKey());
        request.put("rawPath", event.getRawPath());
        request.put("rawQueryString", event.getRawQueryString());
        request.put("headers", event.getHeaders());
        request.put("queryStringParameters", event.getQueryStringParameters());
        request.put("pathParameters", event.getPathParameters());
        Map<String, Object> response = (Map<String, Object>) authorizer.invoke(request);
        if (response == null || !Boolean.TRUE.equals(response.get("isAuthorized"))) {
            return false;
        }
        APIGatewayV2HTTPEvent.RequestContext.Authorizer context = new APIGatewayV2HTTPEvent.RequestContext.Authorizer();
        context.setLambda(response.get("context") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of());
        event.getRequestContext().setAuthorizer(context);
        return true;
    }

    private static APIGatewayV2HTTPEvent event(HttpExchange exchange, HttpRoute route, Map<String, String> pathParameters)
            throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        URI uri = exchange.getRequestURI();
        byte[] raw = exchange.getRequestBody().readAllBytes();
        boolean text = isText(headers.get("content-type"));
        Instant now = Instant.now();
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(route.routeKey())
                .withRawPath(uri.getRawPath())
                .withRawQueryString(uri.getRawQuery() == null ? "" : uri.getRawQuery())
                .withHeaders(headers)
                .withQueryStringParameters(query(uri.getRawQuery()))
                .withPathParameters(pathParameters.isEmpty() ? null : pathParameters)
                .withBody(raw.length == 0 ? null : text ? new String(raw, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(raw))
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
                                .withProtocol(exchange.getProtocol())
                                .withSourceIp(exchange.getRemoteAddress().getAddress().getHostAddress())
                                .withUserAgent(headers.getOrDefault("user-agent", ""))
                                .build())
                        .build())
                .build();
    }

    /** Query parameters as API Gateway gives them: repeated names joined with commas. */
    public static Map<String, String> query(String rawQuery) {
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
        return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static boolean isText(String contentType) {
        if (contentType == null) {
            return true;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.startsWith("text/") || type.contains("json") || type.contains("xml")
                || type.contains("x-www-form-urlencoded") || type.contains("javascript");
    }

    private static void write(HttpExchange exchange, int status, Map<String, String> headers, String body) throws IOException {
        write(exchange, status, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void write(HttpExchange exchange, int status, Map<String, String> headers, byte[] body) throws IOException {
        headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
