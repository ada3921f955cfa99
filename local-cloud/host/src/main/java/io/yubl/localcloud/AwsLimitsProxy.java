package io.yubl.localcloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;

/**
 * AWS's limits, enforced in front of an emulator that does not enforce them: every request goes on to the emulator
 * over the wire, except one that AWS would refuse, which is answered as AWS answers it (its error code, in the
 * request's protocol). What each emulator already enforces is left to it (see the README's table of limits).
 * <ul>
 *   <li>SNS (Query protocol): at most 10 message attributes; a message with its attributes at most 256 KiB;
 *   PublishBatch at most 10 entries and 256 KiB in all.</li>
 *   <li>SQS (JSON protocol): at most 10 message attributes; a message with its attributes at most 256 KiB; a
 *   SendMessageBatch at most 256 KiB in all (fauxqs enforces the 10 entries).</li>
 *   <li>Kinesis (JSON or CBOR): PutRecords at most 500 records and 5 MiB in all (data and partition keys).</li>
 * </ul>
 * Usage: {@code AwsLimitsProxy SERVICE=PORT:UPSTREAM_PORT ...}, SERVICE one of {@code kinesis}, {@code sns-sqs}.
 */
public final class AwsLimitsProxy implements AutoCloseable {
    static final int MAX_MESSAGE_ATTRIBUTES = 10;
    static final int MAX_MESSAGE_BYTES = 256 * 1024;
    static final int MAX_PUT_RECORDS = 500;
    static final int MAX_PUT_RECORDS_BYTES = 5 * 1024 * 1024;
    private static final Set<String> HOP_HEADERS = Set.of("connection", "content-length", "expect", "host", "upgrade");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());

    /** A request AWS refuses: the HTTP status, error code and message it answers with. */
    record Refusal(int status, String code, String message) {}

    private final URI upstream;
    private final HttpServer server;
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public AwsLimitsProxy(int port, URI upstream) throws IOException {
        this.upstream = upstream;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
        server.setExecutor(Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, "aws-limits");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    public static void main(String[] args) throws Exception {
        for (String arg : args) {
            String[] service = arg.split("[=:]");
            new AwsLimitsProxy(Integer.parseInt(service[1]), URI.create("http://127.0.0.1:" + service[2]));
            System.out.println("AWS limits of " + service[0] + " on http://127.0.0.1:" + service[1]
                    + ", in front of the emulator on port " + service[2]);
        }
        Thread.currentThread().join();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String contentType = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"))
                    .toLowerCase(Locale.ROOT);
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            Optional<Refusal> refusal;
            try {
                refusal = check(contentType, target, body);
            } catch (IOException | RuntimeException e) {
                refusal = Optional.empty(); // not ours to judge: the emulator answers what it cannot parse
            }
            if (refusal.isPresent()) {
                System.out.println("refused " + (target == null ? "a request" : target) + ": "
                        + refusal.get().code() + ": " + refusal.get().message());
                refuse(exchange, contentType, target, refusal.get());
            } else {
                forward(exchange, body);
            }
        }
    }

    static Optional<Refusal> check(String contentType, String target, byte[] body) throws IOException {
        if (contentType.startsWith("application/x-www-form-urlencoded")) {
            return sns(form(new String(body, StandardCharsets.UTF_8)));
        }
        if (target == null) {
            return Optional.empty();
        }
        JsonNode request = contentType.contains("cbor") ? CBOR.readTree(body) : JSON.readTree(body);
        return switch (target) {
            case "AmazonSQS.SendMessage" -> sqsMessage(request);
            case "AmazonSQS.SendMessageBatch" -> sqsBatch(request);
            case "Kinesis_20131202.PutRecords" -> putRecords(request);
            default -> Optional.empty();
        };
    }

    /** SNS Publish and PublishBatch, as the Query protocol sends them. */
    static Optional<Refusal> sns(Map<String, String> form) {
        String action = form.getOrDefault("Action", "");
        if (action.equals("Publish")) {
            return snsMessage(form, "", form.get("Message"));
        }
        if (!action.equals("PublishBatch")) {
            return Optional.empty();
        }
        String entries = "PublishBatchRequestEntries.member.";
        int count = 0;
        long total = 0;
        for (int i = 1; form.containsKey(entries + i + ".Id"); i++) {
            count++;
            String prefix = entries + i + ".";
            Optional<Refusal> entry = snsMessage(form, prefix, form.get(prefix + "Message"));
            if (entry.isPresent()) {
                return entry;
            }
            total += snsSize(form, prefix, form.get(prefix + "Message"));
        }
        if (count > 10) {
            return Optional.of(new Refusal(
                    400,
                    "TooManyEntriesInBatchRequest",
                    "The batch request contains more entries than permissible (" + count + " > 10)."));
        }
        if (total > MAX_MESSAGE_BYTES) {
            return Optional.of(new Refusal(
                    400,
                    "BatchRequestTooLong",
                    "The length of all the messages put together is more than the limit (" + total + " > "
                            + MAX_MESSAGE_BYTES + " bytes)."));
        }
        return Optional.empty();
    }

    private static Optional<Refusal> snsMessage(Map<String, String> form, String prefix, String message) {
        int attributes = 0;
        while (form.containsKey(prefix + "MessageAttributes.entry." + (attributes + 1) + ".Name")) {
            attributes++;
        }
        if (attributes > MAX_MESSAGE_ATTRIBUTES) {
            return Optional.of(new Refusal(
                    400,
                    "InvalidParameter",
                    "Invalid parameter: MessageAttributes: the number of message attributes [" + attributes
                            + "] exceeds the allowed maximum [" + MAX_MESSAGE_ATTRIBUTES + "]."));
        }
        long size = snsSize(form, prefix, message);
        if (size > MAX_MESSAGE_BYTES) {
            return Optional.of(new Refusal(
                    400,
                    "InvalidParameter",
                    "Invalid parameter: Message too long: the message and its attributes are " + size
                            + " bytes, more than " + MAX_MESSAGE_BYTES + "."));
        }
        return Optional.empty();
    }

    /** A message's size as SNS counts it: the body, and each attribute's name, type and value. */
    private static long snsSize(Map<String, String> form, String prefix, String message) {
        long size = utf8(message);
        for (int i = 1; form.containsKey(prefix + "MessageAttributes.entry." + i + ".Name"); i++) {
            String attribute = prefix + "MessageAttributes.entry." + i + ".";
            size += utf8(form.get(attribute + "Name"))
                    + utf8(form.get(attribute + "Value.DataType"))
                    + utf8(form.get(attribute + "Value.StringValue"))
                    + utf8(form.get(attribute + "Value.BinaryValue"));
        }
        return size;
    }

    private static Optional<Refusal> sqsMessage(JsonNode message) {
        int attributes = message.path("MessageAttributes").size();
        if (attributes > MAX_MESSAGE_ATTRIBUTES) {
            return Optional.of(new Refusal(
                    400,
                    "InvalidParameterValue",
                    "Number of message attributes [" + attributes + "] exceeds the allowed maximum ["
                            + MAX_MESSAGE_ATTRIBUTES + "]."));
        }
        long size = sqsSize(message);
        if (size > MAX_MESSAGE_BYTES) {
            return Optional.of(new Refusal(
                    400,
                    "InvalidParameterValue",
                    "One or more parameters are invalid. Reason: Message must be shorter than " + MAX_MESSAGE_BYTES
                            + " bytes (was " + size + ", attributes included)."));
        }
        return Optional.empty();
    }

    private static Optional<Refusal> sqsBatch(JsonNode batch) {
        long total = 0;
        for (JsonNode entry : batch.path("Entries")) {
            Optional<Refusal> message = sqsMessage(entry);
            if (message.isPresent()) {
                return message;
            }
            total += sqsSize(entry);
        }
        if (total > MAX_MESSAGE_BYTES) {
            return Optional.of(new Refusal(
                    400,
                    "BatchRequestTooLong",
                    "Batch requests cannot be longer than " + MAX_MESSAGE_BYTES + " bytes (was " + total + ")."));
        }
        return Optional.empty();
    }

    private static long sqsSize(JsonNode message) {
        long size = utf8(message.path("MessageBody").asText(""));
        var fields = message.path("MessageAttributes").fields();
        while (fields.hasNext()) {
            var attribute = fields.next();
            size += utf8(attribute.getKey())
                    + utf8(attribute.getValue().path("DataType").asText(""))
                    + utf8(attribute.getValue().path("StringValue").asText(""))
                    + attribute.getValue().path("BinaryValue").asText("").length() * 3L / 4;
        }
        return size;
    }

    private static Optional<Refusal> putRecords(JsonNode request) {
        JsonNode records = request.path("Records");
        if (records.size() > MAX_PUT_RECORDS) {
            return Optional.of(new Refusal(
                    400,
                    "ValidationException",
                    "1 validation error detected: Value at 'records' failed to satisfy "
                            + "constraint: Member must have length less than or equal to " + MAX_PUT_RECORDS + " (was "
                            + records.size() + ")"));
        }
        long total = 0;
        for (JsonNode record : records) {
            total += dataBytes(record.path("Data"))
                    + utf8(record.path("PartitionKey").asText(""));
        }
        if (total > MAX_PUT_RECORDS_BYTES) {
            return Optional.of(new Refusal(
                    400, "InvalidArgumentException", "Records size exceeds 5 MB limit (" + total + " bytes)"));
        }
        return Optional.empty();
    }

    /** A record's data: bytes in CBOR, base64 in JSON. */
    private static long dataBytes(JsonNode data) {
        if (data.isBinary()) {
            try {
                return data.binaryValue().length;
            } catch (IOException e) {
                return 0;
            }
        }
        String base64 = data.asText("");
        return base64.length() * 3L / 4 - (base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0);
    }

    private static void refuse(HttpExchange exchange, String contentType, String target, Refusal refusal)
            throws IOException {
        byte[] bytes;
        if (target == null) { // Query protocol: XML
            exchange.getResponseHeaders().set("Content-Type", "text/xml");
            bytes = ("<ErrorResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\">"
                            + "<Error><Type>Sender</Type><Code>"
                            + refusal.code() + "</Code><Message>" + xml(refusal.message())
                            + "</Message></Error><RequestId>"
                            + UUID.randomUUID() + "</RequestId></ErrorResponse>")
                    .getBytes(StandardCharsets.UTF_8);
        } else {
            Map<String, String> error = new LinkedHashMap<>();
            error.put("__type", refusal.code());
            error.put("message", refusal.message());
            boolean cbor = contentType.contains("cbor");
            exchange.getResponseHeaders().set("Content-Type", cbor ? "application/x-amz-cbor-1.1" : contentType);
            exchange.getResponseHeaders().set("x-amzn-query-error", refusal.code() + ";Sender");
            bytes = (cbor ? CBOR : JSON).writeValueAsBytes(error);
        }
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(refusal.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void forward(HttpExchange exchange, byte[] body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        upstream.resolve(exchange.getRequestURI().toString()))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> request.header(name, v));
            }
        });
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        response.headers().map().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, new ArrayList<>(values));
            }
        });
        byte[] bytes = response.body();
        exchange.sendResponseHeaders(response.statusCode(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
        }
        return form;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static long utf8(String s) {
        return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
