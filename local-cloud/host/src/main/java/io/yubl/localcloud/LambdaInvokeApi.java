package io.yubl.localcloud;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.yubl.contracts.Contracts;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Lambda's Invoke API for the functions this host runs ({@code POST /2015-03-31/functions/NAME/invocations}), so that
 * tools built on the SDK's LambdaClient (bin/replay) run unchanged against the local cloud and AWS. The function is
 * named as Lambda accepts it: name, {@code name:qualifier}, or ARN. {@code RequestResponse} answers the function's
 * response; a function error is a 200 with {@code X-Amz-Function-Error: Unhandled} and the error document, as on AWS;
 * {@code Event} answers 202 and invokes in the background; {@code DryRun} answers 204. An unknown function is a 404
 * {@code ResourceNotFoundException}.
 */
final class LambdaInvokeApi implements AutoCloseable {
    private static final Pattern PATH = Pattern.compile("\\A/2015-03-31/functions/([^/]+)/invocations\\z");

    private final Map<String, FunctionProcesses> functions;
    private final HttpServer server;
    private final ExecutorService background = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "lambda-invoke-event");
        t.setDaemon(true);
        return t;
    });

    LambdaInvokeApi(int port, List<FunctionProcesses> functions) throws IOException {
        this.functions = functions.stream().collect(Collectors.toMap(FunctionProcesses::name, Function.identity()));
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Matcher path = PATH.matcher(exchange.getRequestURI().getRawPath());
            if (!"POST".equals(exchange.getRequestMethod()) || !path.matches()) {
                error(exchange, 404, "UnknownOperationException", "the local Lambda API serves Invoke only");
                return;
            }
            String named = URLDecoder.decode(path.group(1), StandardCharsets.UTF_8);
            FunctionProcesses function = functions.get(functionName(named));
            if (function == null) {
                error(exchange, 404, "ResourceNotFoundException", "Function not found: " + named);
                return;
            }
            byte[] payload = exchange.getRequestBody().readAllBytes();
            String type = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type"));
            exchange.getResponseHeaders().set("X-Amz-Executed-Version", "$LATEST");
            switch (type) {
                case "Event" -> {
                    background.submit(() -> invokeQuietly(function, payload));
                    exchange.sendResponseHeaders(202, -1);
                }
                case "DryRun" -> exchange.sendResponseHeaders(204, -1);
                default -> respond(exchange, function, payload);
            }
        }
    }

    private static void respond(HttpExchange exchange, FunctionProcesses function, byte[] payload) throws IOException {
        byte[] body;
        try {
            body = function.invokeJson(payload, Long.MAX_VALUE);
        } catch (LambdaFunction.InvocationError e) {
            if ("RequestEntityTooLargeException".equals(e.errorType())) {
                error(exchange, 413, e.errorType(), e.getMessage());
                return;
            }
            exchange.getResponseHeaders().set("X-Amz-Function-Error", "Unhandled");
            body = ("{\"errorType\":" + quote(e.errorType()) + ",\"errorMessage\":" + quote(e.getMessage()) + "}")
                    .getBytes(StandardCharsets.UTF_8);
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static void invokeQuietly(FunctionProcesses function, byte[] payload) {
        try {
            function.invokeJson(payload, Long.MAX_VALUE);
        } catch (RuntimeException e) {
            System.err.println("[host] asynchronous invocation of " + function.name() + " failed: " + e.getMessage());
        }
    }

    /** The function's name in any form Lambda takes: name, name:qualifier, or (partial) ARN. */
    static String functionName(String named) {
        String[] parts = named.split(":");
        if (named.startsWith("arn:")) {
            return parts.length > 6 ? parts[6] : named;
        }
        int function = List.of(parts).indexOf("function");
        return function >= 0 && function + 1 < parts.length ? parts[function + 1] : parts[0];
    }

    private static void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        byte[] body = ("{\"Type\":\"User\",\"message\":" + quote(message) + "}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("x-amzn-ErrorType", type);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String quote(String text) {
        return Contracts.json().getNodeFactory().textNode(text).toString();
    }

    @Override
    public void close() {
        server.stop(0);
        background.shutdownNow();
    }
}
