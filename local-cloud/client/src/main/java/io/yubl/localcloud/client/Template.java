package io.yubl.localcloud.client;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * template.yaml as data: the resources and functions the local cloud creates and runs. CloudFormation's short-form
 * intrinsics ({@code !Ref}, {@code !GetAtt}, {@code !Sub}, ...) are read as their long forms ({@code {"Ref": ...}},
 * {@code {"Fn::GetAtt": [...]}}), which {@link Intrinsics} resolves.
 */
public final class Template {
    private static final List<String> SHORT_FORMS = List.of(
            "Ref",
            "Condition",
            "GetAtt",
            "Sub",
            "Join",
            "Select",
            "Split",
            "If",
            "Equals",
            "Not",
            "And",
            "Or",
            "FindInMap",
            "Base64",
            "Cidr",
            "ImportValue",
            "GetAZs");

    private final Path root;
    private final Map<String, Object> document;
    private final Map<String, String> overrides;

    private Template(Path root, Map<String, Object> document, Map<String, String> overrides) {
        this.root = root;
        this.document = document;
        this.overrides = overrides;
    }

    public static Template load(Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            Map<String, Object> document = new Yaml(new CloudFormationConstructor()).load(reader);
            return new Template(file.toAbsolutePath().normalize().getParent(), document, Map.of());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The template as the local host deploys it: with the parameter overrides in {@code PARAMETER_OVERRIDES}
     * ({@code Name=Value ...}, as {@code sam deploy --parameter-overrides} takes them), which bin/run passes to the
     * host and bin/bench to the benchmarks.
     */
    public static Template loadWithOverridesFromEnvironment(Path file) {
        return load(file).withParameterOverrides(parseOverrides(System.getenv("PARAMETER_OVERRIDES")));
    }

    /** The folder template.yaml lives in: paths in the template (code, index mappings) are relative to it. */
    public Path root() {
        return root;
    }

    public Map<String, Resource> resources() {
        Map<String, Resource> resources = new LinkedHashMap<>();
        section("Resources").forEach((id, body) -> {
            Map<String, Object> resource = map(body);
            resources.put(
                    id,
                    new Resource(
                            id,
                            (String) resource.get("Type"),
                            map(resource.get("Properties")),
                            map(resource.get("Metadata")),
                            (String) resource.get("Condition"),
                            dependsOn(resource.get("DependsOn"))));
        });
        return resources;
    }

    /** Parameter defaults. */
    public Map<String, Object> parameterDefaults() {
        Map<String, Object> defaults = new LinkedHashMap<>();
        section("Parameters")
                .forEach((name, body) -> defaults.put(name, map(body).get("Default")));
        return defaults;
    }

    /**
     * This template deployed with {@code overrides} in place of some defaults, as {@code sam deploy
     * --parameter-overrides} does. Each override is checked as CloudFormation checks it, so the local cloud accepts
     * no value a deployment would refuse: an unknown name, a Number that is not a number or falls outside
     * MinValue..MaxValue, a value outside AllowedValues or not matching AllowedPattern, a String outside
     * MinLength..MaxLength.
     */
    public Template withParameterOverrides(Map<String, String> overrides) {
        Map<String, Object> declared = section("Parameters");
        overrides.forEach((name, value) -> {
            if (!declared.containsKey(name)) {
                throw new IllegalArgumentException("parameter " + name
                        + " is not declared in the template; it declares " + String.join(", ", declared.keySet()));
            }
            String problem = ParameterRules.check(map(declared.get(name)), value);
            if (problem != null) {
                throw new IllegalArgumentException("parameter " + name + "=" + value + " " + problem);
            }
        });
        return new Template(root, document, Collections.unmodifiableMap(new LinkedHashMap<>(overrides)));
    }

    /** The parameters a deployment of this template gets: the defaults, with the overrides in their place. */
    public Map<String, Object> parameters() {
        Map<String, Object> parameters = parameterDefaults();
        parameters.putAll(overrides);
        return parameters;
    }

    /** The overrides this template is deployed with; empty when every parameter keeps its default. */
    public Map<String, String> parameterOverrides() {
        return overrides;
    }

    /**
     * Overrides written as {@code sam deploy --parameter-overrides} takes them: {@code Name=Value} pairs separated by
     * spaces.
     */
    public static Map<String, String> parseOverrides(String text) {
        Map<String, String> overrides = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return overrides;
        }
        for (String pair : text.trim().split("\\s+")) {
            int equals = pair.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("parameter override '" + pair + "' is not Name=Value");
            }
            if (overrides.put(pair.substring(0, equals), pair.substring(equals + 1)) != null) {
                throw new IllegalArgumentException("parameter " + pair.substring(0, equals) + " is overridden twice");
            }
        }
        return overrides;
    }

    public Map<String, Object> globals() {
        return section("Globals");
    }

    /** The template's named conditions, unevaluated. */
    public Map<String, Object> conditions() {
        return section("Conditions");
    }

    /**
     * The environment a function gets, unresolved: Globals.Function.Environment.Variables overlaid with its own, as
     * SAM merges them.
     */
    public Map<String, Object> environment(Resource function) {
        Map<String, Object> environment =
                new LinkedHashMap<>(variables(map(section("Globals").get("Function"))));
        environment.putAll(variables(function.properties()));
        return environment;
    }

    private static Map<String, Object> variables(Map<String, Object> functionProperties) {
        return map(map(functionProperties.get("Environment")).get("Variables"));
    }

    public List<Resource> functions() {
        return resources().values().stream()
                .filter(r -> "AWS::Serverless::Function".equals(r.type()))
                .toList();
    }

    private Map<String, Object> section(String name) {
        return map(document.get(name));
    }

    private static List<String> dependsOn(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return value == null ? List.of() : List.of(String.valueOf(value));
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /**
     * One resource as written: its logical id, type, properties, metadata, the condition it is created under (null:
     * always) and its explicit DependsOn.
     */
    public record Resource(
            String id,
            String type,
            Map<String, Object> properties,
            Map<String, Object> metadata,
            String condition,
            List<String> dependsOn) {

        /** The class a function's Handler names ({@code pkg.Class::method} or {@code pkg.Class}). */
        public String handlerClass() {
            String handler = String.valueOf(properties.get("Handler"));
            int colons = handler.indexOf("::");
            return colons < 0 ? handler : handler.substring(0, colons);
        }

        /** A function's events of one type (HttpApi, Kinesis, SQS, ...), by name. */
        public Map<String, Map<String, Object>> events(String eventType) {
            Map<String, Map<String, Object>> events = new LinkedHashMap<>();
            map(properties.get("Events")).forEach((name, body) -> {
                if (eventType.equals(map(body).get("Type"))) {
                    events.put(name, map(map(body).get("Properties")));
                }
            });
            return events;
        }
    }

    private static final class CloudFormationConstructor extends SafeConstructor {
        CloudFormationConstructor() {
            super(new LoaderOptions());
            for (String name : SHORT_FORMS) {
                yamlConstructors.put(new Tag("!" + name), new ShortForm(name));
            }
        }

        private final class ShortForm extends AbstractConstruct {
            private final String key;

            ShortForm(String name) {
                this.key = name.equals("Ref") || name.equals("Condition") ? name : "Fn::" + name;
            }

            @Override
            public Object construct(Node node) {
                Object value;
                if (node instanceof ScalarNode scalar) {
                    String text = constructScalar(scalar);
                    value = key.equals("Fn::GetAtt") ? new ArrayList<>(List.of(text.split("\\.", 2))) : text;
                } else if (node instanceof SequenceNode sequence) {
                    value = constructSequence(sequence);
                } else {
                    value = constructMapping((MappingNode) node);
                }
                Map<String, Object> intrinsic = new LinkedHashMap<>();
                intrinsic.put(key, value);
                return intrinsic;
            }
        }
    }
}
