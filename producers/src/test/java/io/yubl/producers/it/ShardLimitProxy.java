package io.yubl.producers.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.yubl.contracts.Contracts;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Kinesis' per-shard write limit in front of kinesis-local, which does not enforce it (it rate-limits only control
 * plane calls). Every request goes on to the real emulator over the wire; of a PutRecords request, the records past
 * the shard's allowance are kept back and answered the way Kinesis answers them: HTTP 200,
 * {@code ErrorCode: ProvisionedThroughputExceededException} for each, in place.
 * <p>
 * The allowance is counted per PutRecords call, not per wall-clock second: each call stands for a new second of the
 * shard's. So the test, not the machine's speed, decides which records are throttled: the same ones on a fast machine
 * and a slow one. Streams behind it must have one shard, and clients must speak JSON ({@code aws.cborEnabled=false}).
 */
final class ShardLimitProxy implements AutoCloseable {
    private static final Set<String> HOP_HEADERS = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final URI upstream;
    private final int recordsPerCall;
    private final long bytesPerCall;
    private final HttpServer server;
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final AtomicInteger throttled = new AtomicInteger();

    /** A shard that admits, of each PutRecords call, records while they fit in these allowances. */
    ShardLimitProxy(URI upstream, int recordsPerCall, long bytesPerCall) throws IOException {
        this.upstream = upstream;
        this.recordsPerCall = recordsPerCall;
        this.bytesPerCall = bytesPerCall;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** How many records were kept back so far. */
    int throttled() {
        return throttled.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if (target != null && target.endsWith(".PutRecords")) {
                putRecords(exchange, body);
            } else {
                HttpResponse<byte[]> response = forward(exchange, body);
                reply(
                        exchange,
                        response.statusCode(),
                        response.headers().firstValue("content-type").orElse("application/json"),
                        response.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void putRecords(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
        ObjectNode request = (ObjectNode) Contracts.json().readTree(body);
        ArrayNode records = (ArrayNode) request.get("Records");
        List<Boolean> admitted = new ArrayList<>(records.size());
        ArrayNode forwarded = Contracts.json().createArrayNode();
        int recordsInCall = 0;
        long bytesInCall = 0;
        for (JsonNode record : records) {
            long bytes = Base64.getDecoder().decode(record.get("Data").asText()).length
                    + record.get("PartitionKey").asText().length();
            boolean admit = recordsInCall + 1 <= recordsPerCall && bytesInCall + bytes <= bytesPerCall;
            if (admit) {
                recordsInCall++;
                bytesInCall += bytes;
            }
            admitted.add(admit);
            if (admit) {
                forwarded.add(record);
            }
        }
        JsonNode upstreamResults = Contracts.json().createArrayNode();
        int failed = 0;
        if (!forwarded.isEmpty()) {
            request.set("Records", forwarded);
            HttpResponse<byte[]> response = forward(exchange, Contracts.json().writeValueAsBytes(request));
            if (response.statusCode() != 200) {
                reply(exchange, response.statusCode(), "application/x-amz-json-1.1", response.body());
                return;
            }
            JsonNode result = Contracts.json().readTree(response.body());
            upstreamResults = result.get("Records");
            failed = result.path("FailedRecordCount").asInt();
        }
        ArrayNode results = Contracts.json().createArrayNode();
        int next = 0;
        for (boolean admit : admitted) {
            if (admit) {
                results.add(upstreamResults.get(next++));
            } else {
                failed++;
                throttled.incrementAndGet();
                results.addObject()
                        .put("ErrorCode", "ProvisionedThroughputExceededException")
                        .put(
                                "ErrorMessage",
                                "Rate exceeded for shard shardId-000000000000 in stream "
                                        + request.get("StreamName").asText() + " under account 000000000000.");
            }
        }
        ObjectNode answer = Contracts.json().createObjectNode();
        answer.put("FailedRecordCount", failed);
        answer.set("Records", results);
        reply(exchange, 200, "application/x-amz-json-1.1", Contracts.json().writeValueAsBytes(answer));
    }

    private HttpResponse<byte[]> forward(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(upstream.resolve(exchange.getRequestURI()))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> request.header(name, v));
            }
        });
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void reply(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("content-type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
