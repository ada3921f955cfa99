package io.yubl.localcloud;

import io.yubl.localcloud.client.AwsClients;
import io.yubl.localcloud.client.Intrinsics;
import io.yubl.localcloud.client.LocalEndpoints;
import io.yubl.localcloud.client.Template;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The local cloud's command line, used by bin/stack and bin/run:
 * <ul>
 *   <li>{@code provision}: creates every resource of template.yaml on the running emulators (harmless to repeat);</li>
 *   <li>{@code serve}: provisions, then serves the functions: every HttpApi route on one port, and every Kinesis and
 *   SQS event source; prints "ready" once each Kinesis function holds its shards.</li>
 * </ul>
 * Run from the repository root (or set {@code YUBL_TEMPLATE}).
 */
public final class LocalCloud {
    private LocalCloud() {}

    public static void main(String[] args) throws Exception {
        String command = args.length > 0 ? args[0] : "serve";
        Template template;
        try {
            template = Template.loadWithOverridesFromEnvironment(
                    Path.of(System.getenv().getOrDefault("YUBL_TEMPLATE", "template.yaml")));
        } catch (IllegalArgumentException e) {
            System.err.println("error: PARAMETER_OVERRIDES: " + e.getMessage());
            System.exit(2);
            return;
        }
        switch (command) {
            case "provision" -> {
                System.out.println("Creating the resources of template.yaml:");
                Provisioner.local(template, System.out::println).provision();
            }
            case "serve" -> {
                Host host = serve(template, LocalEndpoints.apiPort());
                System.out.println("Template parameters: "
                        + (template.parameterOverrides().isEmpty()
                                ? "the defaults"
                                : "the defaults, with " + template.parameterOverrides()));
                System.out.println("API host listening on " + host.api().baseUrl() + " (" + uptime() + ")");
                System.out.println(
                        "Lambda Invoke API listening on " + host.lambda().baseUrl());
                host.api().routes().forEach(r -> System.out.println("  " + r));
                if (host.webSocket() != null) {
                    System.out.println(
                            "WebSocket API listening on " + host.webSocket().url());
                    host.webSocket().describe().forEach((key, f) -> System.out.println("  " + key + "  -> " + f));
                }
                System.out.println("Event sources:");
                host.sources().describe().forEach(r -> System.out.println("  " + r));
                List<String> withoutEveryShard = host.sources().awaitLeases(Duration.ofSeconds(120));
                if (withoutEveryShard.isEmpty()) {
                    System.out.println("Every Kinesis function holds its shards (" + uptime() + ")");
                } else {
                    System.out.println("warning: not every Kinesis function holds its shards after 120 s ("
                            + String.join(", ", withoutEveryShard) + "); their events wait until they do");
                }
                // only now: until then the machine's cores go to the functions the event sources start, which after a
                // crash are the ones the pipeline is waiting for
                System.out.println("Starting one execution environment per function:");
                host.functions().forEach(FunctionProcesses::warm);
                host.functions()
                        .forEach(f -> System.out.println("  " + f.name() + ": " + f.processes() + " process(es)"));
                System.out.println("ready (" + uptime() + ")");
                Runtime.getRuntime().addShutdownHook(new Thread(host::close));
                Thread.currentThread().join();
            }
            default -> {
                System.err.println("usage: LocalCloud provision|serve");
                System.exit(2);
            }
        }
    }

    /** How long this JVM has run, for the progress lines. */
    private static String uptime() {
        return String.format(
                "%.1f s after start", ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
    }

    /**
     * The running host: the API, the WebSocket API (when the template has one), Lambda's Invoke API, the functions'
     * processes and their event sources.
     */
    public record Host(
            ApiHost api,
            WebSocketHost webSocket,
            LambdaInvokeApi lambda,
            List<FunctionProcesses> functions,
            EventSources sources)
            implements AutoCloseable {
        @Override
        public void close() {
            sources.close();
            api.close();
            if (webSocket != null) {
                webSocket.close();
            }
            lambda.close();
            functions.forEach(FunctionProcesses::close);
        }
    }

    /**
     * Provisions, starts the API host on the given port (0: any free port), and serves every function of
     * template.yaml from its Lambda artifact, each in processes of its own, with its event sources, Lambda's Invoke
     * API and the WebSocket API.
     */
    public static Host serve(Template template, int port) throws IOException {
        AwsClients.useLocalEndpointsByDefault();
        Intrinsics intrinsics = Provisioner.local(template, line -> {}).provision();
        ApiHost api = new ApiHost(port);
        List<FunctionProcesses> functions =
                new FunctionArtifacts(template, intrinsics, api.baseUrl()).functions(System.out);
        api.start(new ApiGateway(functions, authorizer(template, intrinsics, functions)));
        EventSources sources = new EventSources(functions, intrinsics);
        sources.start();
        LambdaInvokeApi lambda = new LambdaInvokeApi(LocalEndpoints.lambda().getPort(), functions);
        WebSocketHost webSocket = webSocket(template, intrinsics, functions);
        return new Host(api, webSocket, lambda, functions, sources);
    }

    /**
     * The WebSocket API of template.yaml (an AWS::ApiGatewayV2::Api of protocol WEBSOCKET), served on its port with
     * its routes: each route's target integration names the function (alias) it invokes, and a {@code $connect} of
     * authorization type CUSTOM runs its Lambda authorizer first. Null if there is none.
     */
    static WebSocketHost webSocket(Template template, Intrinsics intrinsics, List<? extends LambdaFunction> functions) {
        Map<String, Template.Resource> resources = template.resources();
        boolean hasApi = resources.values().stream()
                .anyMatch(r -> r.type().equals("AWS::ApiGatewayV2::Api")
                        && "WEBSOCKET".equals(r.properties().get("ProtocolType")));
        if (!hasApi) {
            return null;
        }
        String stage = resources.values().stream()
                .filter(r -> r.type().equals("AWS::ApiGatewayV2::Stage"))
                .map(r -> intrinsics.resolveString(r.properties().get("StageName")))
                .findFirst()
                .orElse("local");
        Map<String, LambdaFunction> routes = new LinkedHashMap<>();
        WebSocketHost.ConnectAuthorizer authorizer = null;
        for (Template.Resource route : resources.values()) {
            if (!route.type().equals("AWS::ApiGatewayV2::Route")) {
                continue;
            }
            String target = intrinsics.resolveString(route.properties().get("Target"));
            Template.Resource integration = resources.get(target.substring(target.indexOf('/') + 1));
            String routeKey = String.valueOf(route.properties().get("RouteKey"));
            routes.put(
                    routeKey,
                    invoked(integration.properties().get("IntegrationUri"), intrinsics, functions, route.id()));
            if ("$connect".equals(routeKey)
                    && "CUSTOM".equals(route.properties().get("AuthorizationType"))) {
                Object authorizerId = route.properties().get("AuthorizerId");
                Template.Resource declared =
                        authorizerId instanceof Map<?, ?> ref ? resources.get(String.valueOf(ref.get("Ref"))) : null;
                if (declared == null || !declared.type().equals("AWS::ApiGatewayV2::Authorizer")) {
                    throw new IllegalStateException("route " + route.id() + " names no authorizer of template.yaml");
                }
                List<String> identitySources = declared.properties().get("IdentitySource") instanceof List<?> sources
                        ? sources.stream().map(String::valueOf).toList()
                        : List.of();
                authorizer = new WebSocketHost.ConnectAuthorizer(
                        invoked(declared.properties().get("AuthorizerUri"), intrinsics, functions, declared.id()),
                        identitySources,
                        "arn:aws:execute-api:" + LocalEndpoints.REGION + ":" + LocalEndpoints.ACCOUNT_ID + ":"
                                + WebSocketHost.API_ID + "/" + stage + "/$connect");
            }
        }
        try {
            return new WebSocketHost(LocalEndpoints.webSocketPort(), stage, routes, authorizer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The function an API Gateway Lambda URI invokes (its alias or the function itself). */
    private static LambdaFunction invoked(
            Object uriProperty, Intrinsics intrinsics, List<? extends LambdaFunction> functions, String resourceId) {
        // arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/FUNCTION_ARN/invocations, where FUNCTION_ARN is
        // arn:aws:lambda:REGION:ACCOUNT:function:NAME[:ALIAS]
        String uri = intrinsics.resolveString(uriProperty);
        String name =
                uri.substring(uri.indexOf(":function:") + ":function:".length()).split("[:/]")[0];
        return functions.stream()
                .filter(f -> f.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(resourceId + " names no function of template.yaml"));
    }

    /**
     * Every function of template.yaml, to be run in the caller's JVM from the module class path (the acceptance
     * suite's handler mode), each handler made on first use.
     */
    public static List<InProcessFunction> inProcessFunctions(Template template, Intrinsics intrinsics) {
        Map<String, Object> globals =
                Template.map(Template.map(template.globals()).get("Function"));
        return template.functions().stream()
                .map(f -> new InProcessFunction(f, intrinsics, globals))
                .toList();
    }

    /** The function the HTTP API's DefaultAuthorizer names, if it has one. */
    public static <F extends LambdaFunction> F authorizer(Template template, Intrinsics intrinsics, List<F> functions) {
        for (Template.Resource api : template.resources().values()) {
            if (!"AWS::Serverless::HttpApi".equals(api.type())) {
                continue;
            }
            Map<String, Object> auth = Template.map(api.properties().get("Auth"));
            Object name = auth.get("DefaultAuthorizer");
            if (name == null) {
                continue;
            }
            Object arn = Template.map(Template.map(auth.get("Authorizers")).get(String.valueOf(name)))
                    .get("FunctionArn");
            // arn:aws:lambda:REGION:ACCOUNT:function:NAME[:ALIAS]
            String functionName = intrinsics.resolveString(arn).split(":")[6];
            return functions.stream()
                    .filter(f -> f.name().equals(functionName))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(
                            "the authorizer " + name + " names no function of template.yaml"));
        }
        return null;
    }

    /**
     * What the functions read from their environment, resolved, for the acceptance suite's handler mode, which runs
     * them all in its one JVM: the union of their variables (a name two functions give different values is an
     * error). JVM flags are the JVM's own.
     */
    public static Map<String, String> functionEnvironment(Template template, Intrinsics intrinsics) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (Template.Resource function : template.functions()) {
            template.environment(function).forEach((name, value) -> {
                String resolved = intrinsics.resolveString(value);
                String before = environment.putIfAbsent(name, resolved);
                if (before != null && !before.equals(resolved)) {
                    throw new IllegalStateException("functions of template.yaml give " + name + " two values (" + before
                            + ", " + resolved + "); handler mode runs them in one JVM");
                }
            });
        }
        environment.remove("JAVA_TOOL_OPTIONS");
        return environment;
    }
}
