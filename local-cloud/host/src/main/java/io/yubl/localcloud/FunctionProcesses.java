package io.yubl.localcloud;

import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.yubl.localcloud.client.LocalEndpoints;
import io.yubl.localcloud.client.Template;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A function of template.yaml run as Lambda runs it: from its own artifact, unzipped as Lambda unzips it into
 * {@code /var/task}, in processes of its own (execution environments), each one a JVM started on AWS's runtime
 * interface client, which fetches its invocations from a Lambda Runtime API this class serves for that process.
 * <ul>
 *   <li>A process sees only the environment the template gives the function, plus the variables Lambda itself sets
 *   ({@code AWS_REGION}, {@code _HANDLER}, {@code AWS_LAMBDA_*}, credentials) and the local cloud's endpoints
 *   ({@code AWS_ENDPOINT_URL_*}, standing in for AWS's network).</li>
 *   <li>Processes start on demand, up to the function's concurrency; an idle one serves the next invocation.</li>
 *   <li>{@code Timeout} is enforced: a process that does not answer in time is killed and the invocation fails with
 *   {@code Sandbox.Timedout}; one that exits fails it with {@code Runtime.ExitError}. A cold process gets Lambda's
 *   10-second init phase on top.</li>
 *   <li>Every invocation ends with Lambda's {@code REPORT} line.</li>
 * </ul>
 */
public final class FunctionProcesses implements LambdaFunction, AutoCloseable {
    /** Lambda's init phase: a cold invocation may take this long before its own timeout starts. */
    static final long INIT_LIMIT_MILLIS = 10_000;
    /** Lambda's limit on a synchronous invocation's request and response payloads. */
    static final int PAYLOAD_LIMIT_BYTES = 6 * 1024 * 1024;

    private static final String RUNTIME_API = "/2018-06-01/runtime";
    /**
     * How many processes of all functions may initialize at once: one per core. Ten JVMs starting together on two
     * cores each take ten times as long, and none is ready sooner; in turn, the first is ready in seconds.
     */
    private static final Semaphore INITIALIZING =
            new Semaphore(Runtime.getRuntime().availableProcessors(), true);

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the host needs to start a function's processes. */
    public record Spec(
            String name,
            Template.Resource resource,
            String handler,
            Path taskRoot,
            Path runtimeDir,
            Path nativeClient,
            int timeoutSeconds,
            int memoryMb,
            int concurrency,
            Map<String, String> environment) {}

    /** What the last REPORT line said: the invocation's duration, and the init duration if it was a cold start. */
    public record Report(double durationMs, Double initDurationMs) {}

    /** Lambda's serializers by class: each one costs a configured ObjectMapper to make. */
    private static final Map<Class<?>, PojoSerializer<?>> SERIALIZERS = new ConcurrentHashMap<>();

    private final Spec spec;
    private final PrintStream log;
    private final Semaphore concurrency;
    private final Deque<Instance> idle = new ConcurrentLinkedDeque<>();
    private final Set<Instance> instances = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private volatile Report lastReport;

    public FunctionProcesses(Spec spec, PrintStream log) {
        this.spec = spec;
        this.log = log;
        this.concurrency = new Semaphore(spec.concurrency(), true);
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public Template.Resource resource() {
        return spec.resource();
    }

    public Spec spec() {
        return spec;
    }

    /** Starts one execution environment and waits until its runtime asks for work (its init is done). */
    public void warm() {
        try {
            concurrency.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            Instance instance = new Instance();
            if (instance.awaitInit(INIT_LIMIT_MILLIS * 6)) {
                idle.addFirst(instance);
            } else {
                instance.kill();
            }
        } finally {
            concurrency.release();
        }
    }

    @Override
    public <R> R invoke(Object event, Class<R> responseType) {
        return invoke(event, responseType, Long.MAX_VALUE);
    }

    @Override
    public <R> R invoke(Object event, Class<R> responseType, long callerTimeoutMillis) {
        return fromJson(invokeJson(toJson(event), callerTimeoutMillis), responseType);
    }

    /** One invocation with this JSON event, as Lambda's Invoke API takes it; the function's JSON response. */
    public byte[] invokeJson(byte[] payload, long callerTimeoutMillis) {
        if (payload.length > PAYLOAD_LIMIT_BYTES) {
            throw new InvocationError(
                    name(),
                    "RequestEntityTooLargeException",
                    "Request must be smaller than " + PAYLOAD_LIMIT_BYTES + " bytes for the InvokeFunction operation");
        }
        try {
            concurrency.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InvocationError(name(), "Interrupted", "the host is stopping");
        }
        try {
            Instance instance = null;
            while (instance == null) {
                Instance candidate = idle.pollFirst();
                instance = candidate == null ? new Instance() : candidate.alive() ? candidate : null;
            }
            try {
                return instance.invoke(payload, callerTimeoutMillis);
            } finally {
                if (instance.alive() && !closed) {
                    idle.addFirst(instance);
                }
            }
        } finally {
            concurrency.release();
        }
    }

    public Report lastReport() {
        return lastReport;
    }

    /** How many execution environments run now. */
    public int processes() {
        return (int) instances.stream().filter(Instance::alive).count();
    }

    @Override
    public void close() {
        closed = true;
        instances.forEach(Instance::kill);
    }

    @SuppressWarnings("unchecked")
    private static byte[] toJson(Object event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        serializer((Class<Object>) event.getClass()).toJson(event, out);
        return out.toByteArray();
    }

    private static <R> R fromJson(byte[] body, Class<R> type) {
        if (body.length == 0 || "null".equals(new String(body, StandardCharsets.UTF_8).trim())) {
            return null;
        }
        return serializer(type).fromJson(new ByteArrayInputStream(body));
    }

    @SuppressWarnings("unchecked")
    private static <T> PojoSerializer<T> serializer(Class<T> type) {
        return (PojoSerializer<T>) SERIALIZERS.computeIfAbsent(
                type, t -> LambdaEventSerializers.serializerFor(t, FunctionProcesses.class.getClassLoader()));
    }

    /** One invocation handed to a process: its id, payload, and the response (or error) to come. */
    private static final class Invocation {
        final String id = UUID.randomUUID().toString();
        final byte[] payload;
        final CompletableFuture<byte[]> result = new CompletableFuture<>();
        volatile long startedNanos;

        Invocation(byte[] payload) {
            this.payload = payload;
        }
    }

    /** One execution environment: a JVM on the runtime interface client, and the Runtime API it talks to. */
    private final class Instance {
        private final HttpServer server;
        private final ExecutorService serverThreads;
        private final Process process;
        private volatile long startedNanos;
        private final CompletableFuture<Long> initDone = new CompletableFuture<>();
        private final BlockingQueue<Invocation> next = new LinkedBlockingQueue<>();
        private volatile Invocation current;
        private volatile boolean initReported;
        private volatile boolean retired;

        Instance() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
            } catch (IOException e) {
                throw new InvocationError(name(), "Runtime.Unavailable", "cannot serve the Runtime API: " + e);
            }
            serverThreads = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "runtime-api-" + name());
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(serverThreads);
            server.createContext(RUNTIME_API + "/invocation/next", this::next);
            server.createContext(RUNTIME_API + "/invocation/", this::result);
            server.createContext(RUNTIME_API + "/init/error", this::initError);
            server.start();
            INITIALIZING.acquireUninterruptibly();
            try {
                process = start(server.getAddress().getPort());
            } catch (IOException e) {
                INITIALIZING.release();
                server.stop(0);
                throw new InvocationError(name(), "Runtime.Unavailable", "cannot start the function's process: " + e);
            }
            initDone.whenComplete((nanos, error) -> INITIALIZING.release());
            instances.add(this);
            pump(process);
            process.onExit().thenRun(this::exited);
        }

        boolean alive() {
            return !retired && process.isAlive();
        }

        boolean awaitInit(long millis) {
            try {
                initDone.get(millis, TimeUnit.MILLISECONDS);
                return true;
            } catch (TimeoutException | ExecutionException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        byte[] invoke(byte[] payload, long callerTimeoutMillis) {
            Invocation invocation = new Invocation(payload);
            boolean cold = !initDone.isDone();
            long limit = Math.min(spec.timeoutSeconds() * 1000L, callerTimeoutMillis);
            long budget = limit + (cold ? INIT_LIMIT_MILLIS : 0);
            next.add(invocation);
            try {
                byte[] response = invocation.result.get(budget, TimeUnit.MILLISECONDS);
                if (response.length > PAYLOAD_LIMIT_BYTES) {
                    throw new InvocationError(
                            name(),
                            "Function.ResponseSizeTooLarge",
                            "Response payload size exceeded maximum allowed payload size (" + PAYLOAD_LIMIT_BYTES
                                    + " bytes).");
                }
                return response;
            } catch (TimeoutException e) {
                kill();
                if (callerTimeoutMillis <= spec.timeoutSeconds() * 1000L) {
                    throw new InvocationError(
                            name(),
                            CALLER_TIMED_OUT,
                            String.format("the caller stopped waiting after %.2f seconds", limit / 1000.0));
                }
                throw new InvocationError(
                        name(), "Sandbox.Timedout", String.format("Task timed out after %.2f seconds", limit / 1000.0));
            } catch (ExecutionException e) {
                throw e.getCause() instanceof InvocationError error
                        ? error
                        : new InvocationError(name(), "Runtime.Unknown", String.valueOf(e.getCause()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
                throw new InvocationError(name(), "Interrupted", "the host is stopping");
            } finally {
                next.remove(invocation);
                report(invocation);
            }
        }

        private void report(Invocation invocation) {
            if (invocation.startedNanos == 0) {
                return;
            }
            double duration = (System.nanoTime() - invocation.startedNanos) / 1e6;
            StringBuilder line = new StringBuilder(String.format(
                    "REPORT RequestId: %s\tDuration: %.2f ms\tBilled Duration: %d ms\tMemory Size: %d MB\tMax "
                            + "Memory Used: %s MB",
                    invocation.id, duration, (long) Math.ceil(duration), spec.memoryMb(), maxMemoryUsedMb()));
            Double init = null;
            if (!initReported && initDone.isDone() && !initDone.isCompletedExceptionally()) {
                initReported = true;
                init = initDone.join() / 1e6;
                line.append(String.format("\tInit Duration: %.2f ms", init));
            }
            lastReport = new Report(duration, init);
            log.println("[" + name() + "] " + line);
        }

        /** The process' peak resident memory, as Lambda's "Max Memory Used" (Linux; "?" elsewhere). */
        private String maxMemoryUsedMb() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                    if (line.startsWith("VmHWM:")) {
                        return Long.toString(Long.parseLong(line.replaceAll("\\D", "")) / 1024);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not Linux, or the process is gone
            }
            return "?";
        }

        private void next(HttpExchange exchange) throws IOException {
            initDone.complete(System.nanoTime() - startedNanos);
            Invocation invocation;
            try {
                invocation = next.take();
            } catch (InterruptedException e) {
                exchange.close();
                return;
            }
            invocation.startedNanos = System.nanoTime();
            current = invocation;
            var headers = exchange.getResponseHeaders();
            headers.set("Lambda-Runtime-Aws-Request-Id", invocation.id);
            headers.set(
                    "Lambda-Runtime-Deadline-Ms",
                    Long.toString(System.currentTimeMillis() + spec.timeoutSeconds() * 1000L));
            headers.set(
                    "Lambda-Runtime-Invoked-Function-Arn",
                    "arn:aws:lambda:" + LocalEndpoints.REGION + ":" + LocalEndpoints.ACCOUNT_ID + ":function:"
                            + name());
            headers.set(
                    "Lambda-Runtime-Trace-Id",
                    "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-"
                            + invocation.id.replace("-", "").substring(0, 24) + ";Parent="
                            + invocation.id.substring(0, 8) + "00000000;Sampled=0");
            headers.set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, invocation.payload.length);
            try (var out = exchange.getResponseBody()) {
                out.write(invocation.payload);
            }
        }

        /** POST .../invocation/{id}/response or .../invocation/{id}/error. */
        private void result(HttpExchange exchange) throws IOException {
            String[] parts = exchange.getRequestURI()
                    .getPath()
                    .substring((RUNTIME_API + "/invocation/").length())
                    .split("/");
            byte[] body = exchange.getRequestBody().readAllBytes();
            Invocation invocation = current;
            if (parts.length != 2 || invocation == null || !invocation.id.equals(parts[0])) {
                answer(exchange, 400, "{\"errorMessage\":\"Invalid request ID\",\"errorType\":\"InvalidRequestID\"}");
                return;
            }
            current = null;
            if ("response".equals(parts[1])) {
                invocation.result.complete(body);
            } else {
                invocation.result.completeExceptionally(error(body, "Function.Unhandled"));
            }
            answer(exchange, 202, "{\"status\":\"OK\"}");
        }

        private void initError(HttpExchange exchange) throws IOException {
            InvocationError error = error(exchange.getRequestBody().readAllBytes(), "Runtime.InitError");
            log.println("[" + name() + "] INIT_REPORT Status: error\tError Type: " + error.errorType());
            initDone.completeExceptionally(error);
            Invocation invocation = next.poll();
            if (invocation != null) {
                invocation.result.completeExceptionally(error);
            }
            answer(exchange, 202, "{\"status\":\"OK\"}");
        }

        private InvocationError error(byte[] body, String defaultType) {
            try {
                JsonNode error = JSON.readTree(body);
                return new InvocationError(
                        name(),
                        error.path("errorType").asText(defaultType),
                        error.path("errorMessage").asText(""));
            } catch (IOException e) {
                return new InvocationError(name(), defaultType, new String(body, StandardCharsets.UTF_8));
            }
        }

        private void exited() {
            InvocationError error = new InvocationError(
                    name(), "Runtime.ExitError", "Runtime exited with error: exit status " + process.exitValue());
            initDone.completeExceptionally(error);
            Invocation running = current;
            if (running != null) {
                running.result.completeExceptionally(error);
            }
            List<Invocation> waiting = new ArrayList<>();
            next.drainTo(waiting);
            waiting.forEach(i -> i.result.completeExceptionally(error));
            instances.remove(this);
            idle.remove(this);
            server.stop(0);
            serverThreads.shutdownNow();
        }

        void kill() {
            retired = true;
            process.destroyForcibly();
        }

        private Process start(int runtimeApiPort) throws IOException {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    // as Lambda's Java runtime starts the JVM: a heap sized from the function's memory, serial GC
                    "-XX:MaxHeapSize=" + Math.max(64, spec.memoryMb() * 85 / 100) + "m",
                    "-XX:+UseSerialGC",
                    "-Xshare:auto",
                    "-Dcom.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI="
                            + spec.nativeClient(),
                    "-cp",
                    spec.runtimeDir().resolve("*").toString(),
                    "com.amazonaws.services.lambda.runtime.api.client.AWSLambda",
                    spec.handler()));
            startedNanos = System.nanoTime();
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(spec.taskRoot().toFile())
                    .redirectErrorStream(true);
            builder.environment().clear();
            builder.environment().putAll(spec.environment());
            builder.environment().put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + runtimeApiPort);
            return builder.start();
        }

        /** The process' output goes to the host's log, line by line, as Lambda sends it to CloudWatch Logs. */
        private void pump(Process process) {
            Thread pump = new Thread(
                    () -> {
                        try (BufferedReader reader = new BufferedReader(
                                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                            String line;
                            while ((line = reader.readLine()) != null) {
                                log.println(line);
                            }
                        } catch (IOException e) {
                            // the process is gone
                        }
                    },
                    "logs-" + name());
            pump.setDaemon(true);
            pump.start();
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
