package io.yubl.localcloud;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.yubl.contracts.Contracts;
import io.yubl.localcloud.client.LocalEndpoints;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * AWS Secrets Manager for the local cloud: the part of its JSON 1.1 API the pipeline and its tools call (CreateSecret,
 * GetSecretValue, PutSecretValue, DeleteSecret), answered as AWS answers, errors included
 * ({@code ResourceNotFoundException}, {@code ResourceExistsException}, {@code InvalidParameterException}), with
 * AWS's limits (names of 1 to 512 characters of {@code A-Za-z0-9/_+=.@-}, values of at most 65,536 bytes). A secret
 * is found by name or ARN; its ARN ends in six random characters, as on AWS. PutSecretValue makes the new value
 * {@code AWSCURRENT} and the old one {@code AWSPREVIOUS}. Durable, as AWS's is: with a file, every change is written
 * to it and read back when the store starts again, so the stage's keys (made by bin/stack up, rotated by
 * bin/rotate-keys) outlive a restart. Usage: {@code SecretsStore PORT [FILE]}.
 */
public final class SecretsStore implements AutoCloseable {
    private static final Pattern NAME = Pattern.compile("\\A[A-Za-z0-9/_+=.@-]{1,512}\\z");
    private static final int MAX_VALUE_BYTES = 65_536;
    private static final String ARN_PREFIX =
            "arn:aws:secretsmanager:" + LocalEndpoints.REGION + ":" + LocalEndpoints.ACCOUNT_ID + ":secret:";
    private static final String SUFFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private record Version(String id, String value, double created) {}

    private record Secret(String name, String arn, Version current, Version previous) {}

    private final Map<String, Secret> secrets = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Path file;
    private final HttpServer server;

    public SecretsStore(int port) throws IOException {
        this(port, null);
    }

    /** A store that keeps its secrets in this file (null: in memory only). */
    public SecretsStore(int port, Path file) throws IOException {
        this.file = file;
        if (file != null && Files.exists(file)) {
            Contracts.json()
                    .readValue(file.toFile(), new TypeReference<Map<String, Secret>>() {})
                    .forEach(secrets::put);
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::handle);
        server.start();
    }

    public static void main(String[] args) throws Exception {
        SecretsStore store = new SecretsStore(Integer.parseInt(args[0]), args.length > 1 ? Path.of(args[1]) : null);
        System.out.println("Secrets Manager listening on http://127.0.0.1:"
                + store.server.getAddress().getPort());
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
                JsonNode request =
                        Contracts.json().readTree(exchange.getRequestBody().readAllBytes());
                ObjectNode answer = switch (target) {
                    case "secretsmanager.CreateSecret" -> create(request);
                    case "secretsmanager.GetSecretValue" -> get(request);
                    case "secretsmanager.PutSecretValue" -> put(request);
                    case "secretsmanager.DeleteSecret" -> delete(request);
                    default -> throw new Failure("InvalidAction", "the local Secrets Manager does not serve " + target);
                };
                reply(exchange, 200, answer);
            } catch (Failure e) {
                reply(
                        exchange,
                        400,
                        Contracts.json()
                                .createObjectNode()
                                .put("__type", e.type)
                                .put("message", e.getMessage()));
            }
        }
    }

    private synchronized ObjectNode create(JsonNode request) {
        String name = request.path("Name").asText("");
        if (!NAME.matcher(name).matches()) {
            throw new Failure(
                    "InvalidParameterException",
                    "Invalid name. Must be a valid name containing "
                            + "alphanumeric characters, or any of the following: -/_+=.@!");
        }
        if (secrets.containsKey(name)) {
            throw new Failure(
                    "ResourceExistsException", "The operation failed because the secret " + name + " already exists.");
        }
        Secret secret = new Secret(name, ARN_PREFIX + name + "-" + suffix(), version(request), null);
        secrets.put(name, secret);
        save();
        return answer(secret).put("VersionId", secret.current().id());
    }

    private ObjectNode get(JsonNode request) {
        Secret secret = find(request);
        String stage = request.path("VersionStage").asText("AWSCURRENT");
        Version version = switch (stage) {
            case "AWSCURRENT" -> secret.current();
            case "AWSPREVIOUS" -> secret.previous();
            default -> null;
        };
        if (version == null) {
            throw new Failure(
                    "ResourceNotFoundException",
                    "Secrets Manager can't find the specified secret value for " + "staging label: " + stage);
        }
        ObjectNode answer = answer(secret)
                .put("VersionId", version.id())
                .put("SecretString", version.value())
                .put("CreatedDate", version.created());
        answer.putArray("VersionStages").add(stage);
        return answer;
    }

    private synchronized ObjectNode put(JsonNode request) {
        Secret before = find(request);
        Secret after = new Secret(before.name(), before.arn(), version(request), before.current());
        secrets.put(after.name(), after);
        save();
        ObjectNode answer = answer(after).put("VersionId", after.current().id());
        answer.putArray("VersionStages").add("AWSCURRENT");
        return answer;
    }

    private synchronized ObjectNode delete(JsonNode request) {
        Secret secret = find(request);
        secrets.remove(secret.name());
        save();
        return answer(secret).put("DeletionDate", System.currentTimeMillis() / 1000.0);
    }

    /** Writes every secret to the file (a whole new file, moved into place), when the store has one. */
    private void save() {
        if (file == null) {
            return;
        }
        try {
            Path next = file.resolveSibling(file.getFileName() + ".next");
            Contracts.json().writeValue(next.toFile(), secrets);
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new Failure(
                    "InternalServiceError", "the local Secrets Manager cannot write " + file + ": " + e.getMessage());
        }
    }

    private Secret find(JsonNode request) {
        String id = request.path("SecretId").asText("");
        Secret secret = id.startsWith(ARN_PREFIX)
                ? secrets.values().stream()
                        .filter(s -> s.arn().equals(id))
                        .findFirst()
                        .orElse(null)
                : secrets.get(id);
        if (secret == null) {
            throw new Failure("ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
        }
        return secret;
    }

    private static Version version(JsonNode request) {
        String value = request.path("SecretString").asText("");
        if (value.isEmpty() || value.getBytes(StandardCharsets.UTF_8).length > MAX_VALUE_BYTES) {
            throw new Failure("InvalidParameterException", "SecretString must be 1 to " + MAX_VALUE_BYTES + " bytes");
        }
        String id = request.path("ClientRequestToken").asText(UUID.randomUUID().toString());
        return new Version(id, value, System.currentTimeMillis() / 1000.0);
    }

    private String suffix() {
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            suffix.append(SUFFIX_ALPHABET.charAt(random.nextInt(SUFFIX_ALPHABET.length())));
        }
        return suffix.toString();
    }

    private static ObjectNode answer(Secret secret) {
        return Contracts.json().createObjectNode().put("ARN", secret.arn()).put("Name", secret.name());
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
