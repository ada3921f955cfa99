package io.yubl.localcloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.yubl.contracts.Contracts;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * SSM Parameter Store for the local cloud: the part of its JSON 1.1 API the pipeline and its tools call
 * (GetParameter, GetParameters, PutParameter, DeleteParameter), answered as AWS answers, errors included
 * ({@code ParameterNotFound}, {@code ParameterAlreadyExists}, {@code ValidationException}), with AWS's limits
 * (names of at most 2,048 characters in AWS's alphabet, standard-tier values of at most 4 KiB). A SecureString read
 * without decryption gives an opaque ciphertext, never the value. In memory: it lives as long as the local cloud.
 * Usage: {@code ParameterStore PORT}.
 */
public final class ParameterStore implements AutoCloseable {
    private static final Pattern NAME = Pattern.compile("\\A/?[a-zA-Z0-9_.\\-/]{1,2048}\\z");
    private static final int MAX_VALUE_BYTES = 4096;

    private record Parameter(String name, String type, String value, long version, double modified) {
    }

    private final Map<String, Parameter> parameters = new ConcurrentHashMap<>();
    private final HttpServer server;

    public ParameterStore(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::handle);
        server.start();
    }

    public static void main(String[] args) throws Exception {
        ParameterStore store = new ParameterStore(Integer.parseInt(args[0]));
        System.out.println("SSM Parameter Store listening on http://127.0.0.1:" + store.server.getAddress().getPort());
        Thread.currentThread().join();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
            try {
                JsonNode request = Contracts.json().readTree(exchange.getRequestBody().readAllBytes());
                ObjectNode answer = switch (target) {
                    case "AmazonSSM.GetParameter" -> get(request);
                    case "AmazonSSM.GetParameters" -> getAll(request);
                    case "AmazonSSM.PutParameter" -> put(request);
                    case "AmazonSSM.DeleteParameter" -> delete(request);
                    default -> throw new Failure("InvalidAction", "the local Parameter Store does not serve " + target);
                };
                reply(exchange, 200, answer);
            } catch (Failure e) {
                reply(exchange, 400, Contracts.json().createObjectNode().put("__type", e.type).put("message", e.getMessage()));
            }
        }
    }

    private ObjectNode get(JsonNode request) {
        String name = name(request.path("Name").asText(null));
        Parameter parameter = parameters.get(name);
        if (parameter == null) {
            throw new Failure("ParameterNotFound", "Parameter " + name + " not found.");
        }
        ObjectNode answer = Contracts.json().createObjectNode();
        answer.set("Parameter", shown(parameter, request.path("WithDecryption").asBoolean(false)));
        return answer;
    }

    private ObjectNode getAll(JsonNode request) {
        ObjectNode answer = Contracts.json().createObjectNode();
        var found = answer.putArray("Parameters");
        var invalid = answer.putArray("InvalidParameters");
        for (JsonNode name : request.path("Names")) {
            Parameter parameter = parameters.get(name.asText());
            if (parameter == null) {
                invalid.add(name.asText());
            } else {
                found.add(shown(parameter, request.path("WithDecryption").asBoolean(false)));
            }
        }
        return answer;
    }

    private synchronized ObjectNode put(JsonNode request) {
        String name = name(request.path("Name").asText(null));
        String value = request.path("Value").asText(null);
        String type = request.path("Type").asText("String");
        if (value == null || value.isEmpty() || value.getBytes(StandardCharsets.UTF_8).length > MAX_VALUE_BYTES) {
            throw new Failure("ValidationException", "1 validation error detected: Value at 'value' failed to satisfy "
                    + "constraint: Member must have length between 1 and " + MAX_VALUE_BYTES);
        }
        if (!type.equals("String") && !type.equals("SecureString") && !type.equals("StringList")) {
            throw new Failure("ValidationException", "Type must be String, StringList or SecureString");
        }
        Parameter before = parameters.get(name);
        if (before != null && !request.path("Overwrite").asBoolean(false)) {
            throw new Failure("ParameterAlreadyExists", "The parameter already exists. To overwrite this request, "
                    + "set the overwrite option in the request to true.");
        }
        long version = before == null ? 1 : before.version() + 1;
        parameters.put(name, new Parameter(name, type, value, version, System.currentTimeMillis() / 1000.0));
        return Contracts.json().createObjectNode().put("Version", version).put("Tier", "Standard");
    }

    private ObjectNode delete(JsonNode request) {
        String name = name(request.path("Name").asText(null));
        if (parameters.remove(name) == null) {
            throw new Failure("ParameterNotFound", "Parameter " + name + " not found.");
        }
        return Contracts.json().createObjectNode();
    }

    private static String name(String name) {
        String bare = name == null ? "" : name.replaceFirst("^/", "").toLowerCase(java.util.Locale.ROOT);
        if (name == null || !NAME.matcher(name).matches() || bare.startsWith("aws") || bare.startsWith("ssm")) {
            throw new Failure("ValidationException", "Parameter name: can't be prefixed with \"aws\" or \"ssm\" "
                    + "(case-insensitive), must be 1 to 2048 characters of a-zA-Z0-9_.-/");
        }
        return name;
    }

    private static ObjectNode shown(Parameter parameter, boolean decrypt) {
        String value = parameter.type().equals("SecureString") && !decrypt ? ciphertext(parameter.value()) : parameter.value();
        return Contracts.json().createObjectNode()
                .put("Name", parameter.name())
                .put("Type", parameter.type())
                .put("Value", value)
                .put("Version", parameter.version())
                .put("LastModifiedDate", parameter.modified())
                .put("ARN", "arn:aws:ssm:" + LocalEndpoints.REGION + ":" + LocalEndpoints.ACCOUNT_ID + ":parameter"
                        + (parameter.name().startsWith("/") ? "" : "/") + parameter.name())
                .put("DataType", "text");
    }

    private static String ciphertext(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("kms:" + value).getBytes(StandardCharsets.UTF_8));
            return "AQICAH" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void reply(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = Contracts.json().writeValueAsBytes(body);
        exchange.getResponseHeaders().set("content-type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static final class Failure extends RuntimeException {
        private final String type;

        Failure(String type, String message) {
            super(message);
            this.type = type;
        }
    }
}
