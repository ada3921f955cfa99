package io.yubl.localcloud;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The local cloud's command line, used by bin/stack and bin/run:
 * <ul>
 *   <li>{@code provision}: creates every resource of template.yaml on the running emulators (harmless to repeat);</li>
 *   <li>{@code serve}: provisions, then serves the functions: every HttpApi route on one port.</li>
 * </ul>
 * Run from the repository root (or set {@code YUBL_TEMPLATE}).
 */
public final class LocalCloud {
    private LocalCloud() {
    }

    public static void main(String[] args) throws Exception {
        String command = args.length > 0 ? args[0] : "serve";
        Template template = Template.load(Path.of(System.getenv().getOrDefault("YUBL_TEMPLATE", "template.yaml")));
        switch (command) {
            case "provision" -> {
                System.out.println("Creating the resources of template.yaml:");
                Provisioner.local(template, System.out::println).provision();
            }
            case "serve" -> {
                ApiHost api = serve(template, LocalEndpoints.apiPort());
                System.out.println("API host listening on " + api.baseUrl());
                api.routes().forEach(r -> System.out.println("  " + r));
                System.out.println("ready");
                Thread.currentThread().join();
            }
            default -> {
                System.err.println("usage: LocalCloud provision|serve");
                System.exit(2);
            }
        }
    }

    /** Provisions, sets the functions' environment, and starts the API host on the given port (0: any free port). */
    public static ApiHost serve(Template template, int port) throws java.io.IOException {
        AwsClients.useLocalEndpointsByDefault();
        Intrinsics intrinsics = Provisioner.local(template, line -> { }).provision();
        functionEnvironment(template, intrinsics).forEach(System::setProperty);
        List<LocalFunction> functions = template.functions().stream()
                .map(f -> new LocalFunction(f, intrinsics, Template.map(Template.map(template.globals()).get("Function"))))
                .toList();
        ApiHost api = new ApiHost(functions, port);
        api.start();
        return api;
    }

    /**
     * What the functions read from their environment, resolved. They share one JVM here, so they share one set of
     * names: template.yaml declares them once, in Globals.
     */
    public static Map<String, String> functionEnvironment(Template template, Intrinsics intrinsics) {
        Map<String, String> environment = new LinkedHashMap<>();
        template.globalEnvironment().forEach((name, value) -> environment.put(name, intrinsics.resolveString(value)));
        environment.remove("JAVA_TOOL_OPTIONS");
        return environment;
    }
}
