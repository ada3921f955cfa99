package io.yubl.localcloud;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Serves the {@link ApiGateway} over HTTP on one local port, as API Gateway's endpoint does. */
public final class ApiHost implements AutoCloseable {
    private volatile ApiGateway gateway;
    private final HttpServer server;
    private final ExecutorService workers;

    /** Binds the port now (so the functions can be told the API's URL); serves once {@link #start} is called. */
    public ApiHost(int port) throws IOException {
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

    public void start(ApiGateway gateway) {
        this.gateway = gateway;
        server.start();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public List<String> routes() {
        return gateway.routes();
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders()
                    .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
            ApiGateway.Reply reply = gateway.handle(new ApiGateway.Request(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI(),
                    headers,
                    exchange.getRequestBody().readAllBytes(),
                    exchange.getRemoteAddress().getAddress().getHostAddress(),
                    exchange.getProtocol()));
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
            if (reply.body().length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(reply.body());
                }
            }
        }
    }
}
