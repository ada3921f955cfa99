package io.yubl.localcloud;

import io.yubl.localcloud.client.Intrinsics;
import io.yubl.localcloud.client.LocalEndpoints;
import io.yubl.localcloud.client.Template;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What Lambda does with a function of template.yaml before it runs: puts its {@code CodeUri} artifact in a task
 * root ({@code .local-cloud/tasks/HOST_PID/ARTIFACT}, Lambda's {@code /var/task}; each host its own, so that a
 * test's host never pulls files from under the running one's processes) and sets its environment: the variables the
 * template gives it, resolved, and those Lambda reserves. The local cloud's endpoints reach the SDK through
 * {@code AWS_ENDPOINT_URL_*} (they stand in for AWS's network), and the HTTP API's public URL is this host's.
 */
public final class FunctionArtifacts {
    /** Execution environments per function at most here: a two-core machine's share of Lambda's scaling. */
    public static final int LOCAL_CONCURRENCY = 4;

    private final Template template;
    private final Intrinsics intrinsics;
    private final URI apiBaseUrl;
    private final Path tasks;
    private final Path runtimeDir;
    private final Map<Path, Path> unpacked = new ConcurrentHashMap<>();

    public FunctionArtifacts(Template template, Intrinsics intrinsics, URI apiBaseUrl) {
        this.template = template;
        this.intrinsics = intrinsics;
        this.apiBaseUrl = apiBaseUrl;
        this.tasks = template.root()
                .resolve(".local-cloud/tasks")
                .resolve(Long.toString(ProcessHandle.current().pid()));
        this.runtimeDir = template.root().resolve("local-cloud/host/target/lambda-runtime");
    }

    /** Every function of the template, ready to start its processes on first use. */
    public List<FunctionProcesses> functions(PrintStream log) {
        removeTaskRootsOfStoppedHosts();
        if (!Files.isDirectory(runtimeDir)) {
            throw new IllegalStateException("the Lambda runtime interface client is not in " + runtimeDir
                    + ": build the local cloud first (bin/run does)");
        }
        return template.functions().stream()
                .map(f -> new FunctionProcesses(spec(f), log))
                .toList();
    }

    public FunctionProcesses.Spec spec(Template.Resource function) {
        Map<String, Object> globals =
                Template.map(Template.map(template.globals()).get("Function"));
        Map<String, Object> properties = function.properties();
        String name = intrinsics.resolveString(properties.getOrDefault("FunctionName", function.id()));
        int timeout = Integer.parseInt(
                String.valueOf(properties.getOrDefault("Timeout", globals.getOrDefault("Timeout", 3))));
        int memory = Integer.parseInt(
                String.valueOf(properties.getOrDefault("MemorySize", globals.getOrDefault("MemorySize", 128))));
        Object reserved = properties.get("ReservedConcurrentExecutions");
        int concurrency = reserved == null
                ? LOCAL_CONCURRENCY
                : Math.min(LOCAL_CONCURRENCY, Integer.parseInt(intrinsics.resolveString(reserved)));
        Map<String, String> variables = new LinkedHashMap<>();
        template.environment(function)
                .forEach((variable, value) ->
                        variables.put(variable, publicApiUrlHere(intrinsics.resolveString(value))));
        return spec(
                function,
                name,
                String.valueOf(properties.get("Handler")),
                template.root().resolve(String.valueOf(properties.get("CodeUri"))),
                timeout,
                memory,
                concurrency,
                variables);
    }

    /** A function's spec from its parts: its artifact is unpacked, and Lambda's variables join the given ones. */
    public FunctionProcesses.Spec spec(
            Template.Resource resource,
            String name,
            String handler,
            Path artifact,
            int timeoutSeconds,
            int memoryMb,
            int concurrency,
            Map<String, String> variables) {
        Path taskRoot = unpack(artifact);
        Map<String, String> environment = new LinkedHashMap<>(variables);
        // what Lambda sets in every execution environment
        environment.put("_HANDLER", handler);
        environment.put("AWS_EXECUTION_ENV", "AWS_Lambda_java25");
        environment.put("AWS_LAMBDA_FUNCTION_NAME", name);
        environment.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(memoryMb));
        environment.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        environment.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + name);
        environment.put("AWS_LAMBDA_LOG_STREAM_NAME", "local");
        environment.put("AWS_REGION", LocalEndpoints.REGION);
        environment.put("AWS_DEFAULT_REGION", LocalEndpoints.REGION);
        environment.put("AWS_ACCESS_KEY_ID", LocalEndpoints.ACCESS_KEY);
        environment.put("AWS_SECRET_ACCESS_KEY", LocalEndpoints.SECRET_KEY);
        environment.put("AWS_SESSION_TOKEN", "local");
        environment.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        environment.put("LAMBDA_RUNTIME_DIR", runtimeDir.toString());
        environment.put("LANG", "en_US.UTF-8");
        environment.put("TZ", ":UTC");
        environment.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        // the local cloud's network
        environment.put("AWS_ENDPOINT_URL_KINESIS", LocalEndpoints.kinesis().toString());
        environment.put("AWS_ENDPOINT_URL_DYNAMODB", LocalEndpoints.dynamodb().toString());
        environment.put("AWS_ENDPOINT_URL_SNS", LocalEndpoints.snsSqs().toString());
        environment.put("AWS_ENDPOINT_URL_SQS", LocalEndpoints.snsSqs().toString());
        environment.put(
                "AWS_ENDPOINT_URL_SECRETS_MANAGER",
                LocalEndpoints.secretsManager().toString());
        environment.put("AWS_ENDPOINT_URL_SESV2", LocalEndpoints.ses().toString());
        return new FunctionProcesses.Spec(
                name,
                resource,
                handler,
                taskRoot,
                runtimeDir,
                nativeClient(),
                timeoutSeconds,
                memoryMb,
                concurrency,
                environment);
    }

    /** The HTTP API's public URL on AWS ({@code https://API.execute-api.REGION.amazonaws.com/STAGE}) is this host. */
    private String publicApiUrlHere(String value) {
        String prefix = "https://local.execute-api." + LocalEndpoints.REGION + ".amazonaws.com/" + LocalEndpoints.STAGE;
        return value.startsWith(prefix) ? apiBaseUrl + value.substring(prefix.length()) : value;
    }

    /**
     * The runtime interface client's native library, unpacked once per host. Left to itself, each process unpacks it
     * to one fixed path in /tmp, and processes starting together overwrite the file under each other (SIGBUS).
     */
    private synchronized Path nativeClient() {
        String arch = System.getProperty("os.arch").matches("aarch64|arm64") ? "aarch_64" : "x86_64";
        String library = "libaws-lambda-jni.linux-" + arch + ".so";
        Path target = tasks.resolve(library);
        if (!Files.exists(target)) {
            try (ZipFile ric = new ZipFile(runtimeDir
                    .resolve("aws-lambda-java-runtime-interface-client.jar")
                    .toFile())) {
                ZipEntry entry = ric.getEntry("jni/" + library);
                if (entry == null) {
                    throw new IllegalStateException("the runtime interface client has no native library for " + arch);
                }
                Files.createDirectories(tasks);
                try (InputStream in = ric.getInputStream(entry)) {
                    copy(in, target);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot unpack the runtime interface client's native library: " + e.getMessage(), e);
            }
        }
        return target;
    }

    /**
     * An artifact's task root: a folder whose {@code lib/} holds a copy of the artifact, which the runtime interface
     * client puts on the function's class path as Lambda does {@code /var/task/lib/*.jar}. (Lambda unzips a jar into
     * {@code /var/task}; a copy is as faithful to the class path and takes milliseconds where unzipping 7,000
     * entries took seconds.) A copy, not a link, so that a rebuild never changes what a running host runs.
     */
    private Path unpack(Path artifact) {
        return unpacked.computeIfAbsent(artifact, jar -> {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(
                        "the function artifact " + template.root().relativize(jar)
                                + " is missing: build it with 'mvn -Plambda package' (bin/run does)");
            }
            String file = jar.getFileName().toString();
            Path root = tasks.resolve(file.substring(0, file.lastIndexOf('.')));
            try {
                Files.createDirectories(root.resolve("lib"));
                Files.copy(jar, root.resolve("lib").resolve(file), StandardCopyOption.REPLACE_EXISTING);
                return root;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot copy " + jar + ": " + e.getMessage(), e);
            }
        });
    }

    private void removeTaskRootsOfStoppedHosts() {
        try (Stream<Path> hosts = Files.list(tasks.getParent())) {
            for (Path host : hosts.toList()) {
                boolean running = host.getFileName().toString().matches("\\d+")
                        && ProcessHandle.of(Long.parseLong(host.getFileName().toString()))
                                .map(ProcessHandle::isAlive)
                                .orElse(false);
                if (!running) {
                    deleteTree(host);
                }
            }
        } catch (IOException e) {
            // nothing there yet
        }
    }

    private static void copy(InputStream in, Path target) throws IOException {
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
