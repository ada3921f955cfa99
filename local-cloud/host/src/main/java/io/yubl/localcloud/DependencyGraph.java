package io.yubl.localcloud;

import static io.yubl.localcloud.client.Template.map;

import io.yubl.localcloud.client.Intrinsics;
import io.yubl.localcloud.client.Template;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What each resource of template.yaml needs to exist first, as CloudFormation sees it after the SAM transform, so that
 * a cycle (which CloudFormation rejects, E3004) is caught by a unit test on a machine without cfn-lint.
 * <p>
 * Edges come from Ref, Fn::GetAtt, Fn::Sub and DependsOn, with what SAM generates from a function:
 * <ul>
 *   <li>the function itself needs what its properties and {@code Globals.Function} refer to (events and deployment
 *   preference aside);</li>
 *   <li>its alias ({@code F.Alias}) needs the function and what its {@code DeploymentPreference} names (alarms,
 * hooks);</li>   <li>an API event makes the API need the alias (its integration invokes it); any other event source
 * needs the alias   and what the event names.</li>
 * </ul>
 */
public final class DependencyGraph {
    private static final Set<String> SAM_GENERATED = Set.of("Events", "DeploymentPreference", "AutoPublishAlias");

    private final Map<String, Set<String>> needs = new LinkedHashMap<>();

    private DependencyGraph() {}

    public static DependencyGraph of(Template template) {
        DependencyGraph graph = new DependencyGraph();
        Map<String, Object> globals = template.globals();
        for (Template.Resource resource : template.resources().values()) {
            String id = resource.id();
            graph.add(id, resource.dependsOn());
            switch (resource.type()) {
                case "AWS::Serverless::Function" -> {
                    graph.add(id, Intrinsics.references(withoutSamGenerated(resource.properties())));
                    graph.add(id, Intrinsics.references(withoutSamGenerated(map(globals.get("Function")))));
                    String alias = id + ".Alias";
                    graph.add(alias, List.of(id));
                    graph.add(alias, Intrinsics.references(resource.properties().get("DeploymentPreference")));
                    map(resource.properties().get("Events")).forEach((name, body) -> {
                        Map<String, Object> event = map(body);
                        Map<String, Object> properties = map(event.get("Properties"));
                        String type = String.valueOf(event.get("Type"));
                        if (type.equals("HttpApi") || type.equals("Api")) {
                            String api = Intrinsics.references(properties.get("ApiId")).stream()
                                    .findFirst()
                                    .or(() -> Intrinsics.references(properties.get("RestApiId")).stream()
                                            .findFirst())
                                    .orElse(type.equals("HttpApi") ? "ServerlessHttpApi" : "ServerlessRestApi");
                            graph.add(api, List.of(alias));
                        } else {
                            String source = id + ".Events." + name;
                            graph.add(source, List.of(alias));
                            graph.add(source, Intrinsics.references(properties));
                        }
                    });
                }
                case "AWS::Serverless::HttpApi" -> {
                    graph.add(id, Intrinsics.references(resource.properties()));
                    graph.add(id, Intrinsics.references(globals.get("HttpApi")));
                }
                default -> graph.add(id, Intrinsics.references(resource.properties()));
            }
        }
        return graph;
    }

    /** A cycle (its nodes in order, the first repeated at the end), if there is one. */
    public Optional<List<String>> cycle() {
        Set<String> done = new LinkedHashSet<>();
        for (String node : needs.keySet()) {
            List<String> path = new ArrayList<>();
            Optional<List<String>> cycle = visit(node, path, done);
            if (cycle.isPresent()) {
                return cycle;
            }
        }
        return Optional.empty();
    }

    /** What a node needs directly (resources, and SAM's generated {@code F.Alias} and {@code F.Events.E}). */
    public Set<String> needs(String node) {
        return needs.getOrDefault(node, Set.of());
    }

    private Optional<List<String>> visit(String node, List<String> path, Set<String> done) {
        int seen = path.indexOf(node);
        if (seen >= 0) {
            List<String> cycle = new ArrayList<>(path.subList(seen, path.size()));
            cycle.add(node);
            return Optional.of(cycle);
        }
        if (done.contains(node)) {
            return Optional.empty();
        }
        path.add(node);
        for (String next : needs(node)) {
            if (needs.containsKey(next)) {
                Optional<List<String>> cycle = visit(next, path, done);
                if (cycle.isPresent()) {
                    return cycle;
                }
            }
        }
        path.remove(path.size() - 1);
        done.add(node);
        return Optional.empty();
    }

    private void add(String node, List<String> references) {
        Set<String> edges = needs.computeIfAbsent(node, n -> new LinkedHashSet<>());
        for (String reference : references) {
            if (!reference.startsWith("AWS::")) {
                edges.add(reference);
            }
        }
    }

    private static Map<String, Object> withoutSamGenerated(Map<String, Object> properties) {
        Map<String, Object> rest = new LinkedHashMap<>(properties);
        rest.keySet().removeAll(SAM_GENERATED);
        return rest;
    }
}
