package io.yubl.localcloud.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves CloudFormation intrinsics (Ref, Fn::GetAtt, Fn::Sub, Fn::Join) against the local cloud: parameters,
 * pseudo parameters, and what each created resource answers to Ref and GetAtt. SAM's {@code !Ref Function.Alias}
 * resolves to the attribute of that name. Conditions (Fn::Equals, Fn::Not, Fn::And, Fn::Or) evaluate too.
 */
public final class Intrinsics {
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");

    private final Map<String, Object> parameters;
    private final Map<String, Deployed> deployed;

    /** What a created resource answers: its Ref value and its attributes. */
    public record Deployed(String ref, Map<String, String> attributes) {}

    public Intrinsics(Map<String, Object> parameters, Map<String, Deployed> deployed) {
        this.parameters = new LinkedHashMap<>(parameters);
        this.parameters.put("AWS::Region", LocalEndpoints.REGION);
        this.parameters.put("AWS::AccountId", LocalEndpoints.ACCOUNT_ID);
        this.parameters.put("AWS::Partition", "aws");
        this.parameters.put("AWS::URLSuffix", "amazonaws.com");
        this.parameters.put("AWS::StackName", "yubl-local");
        this.deployed = deployed;
    }

    /** The value with every intrinsic in it replaced; an unknown reference is an error that names it. */
    @SuppressWarnings("unchecked")
    public Object resolve(Object value) {
        if (value instanceof Map<?, ?> map) {
            if (map.size() == 1) {
                Map.Entry<String, Object> only =
                        ((Map<String, Object>) map).entrySet().iterator().next();
                switch (only.getKey()) {
                    case "Ref" -> {
                        return ref(String.valueOf(only.getValue()));
                    }
                    case "Fn::GetAtt" -> {
                        List<Object> parts = (List<Object>) resolve(only.getValue());
                        return attribute(String.valueOf(parts.get(0)), String.valueOf(parts.get(1)));
                    }
                    case "Fn::Sub" -> {
                        return sub(only.getValue());
                    }
                    case "Fn::Join" -> {
                        List<Object> args = (List<Object>) only.getValue();
                        List<Object> items = (List<Object>) resolve(args.get(1));
                        return String.join(
                                String.valueOf(args.get(0)),
                                items.stream().map(String::valueOf).toList());
                    }
                    default -> {
                        // not an intrinsic: fall through to a plain map
                    }
                }
            }
            Map<String, Object> resolved = new LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((k, v) -> resolved.put(k, resolve(v)));
            return resolved;
        }
        if (value instanceof List<?> list) {
            List<Object> resolved = new ArrayList<>(list.size());
            list.forEach(v -> resolved.add(resolve(v)));
            return resolved;
        }
        return value;
    }

    public String resolveString(Object value) {
        return String.valueOf(resolve(value));
    }

    /** Whether the named condition of the template holds. */
    public boolean condition(String name, Map<String, Object> conditions) {
        if (!conditions.containsKey(name)) {
            throw new IllegalStateException("Condition " + name + ": no such condition");
        }
        return holds(conditions.get(name), conditions);
    }

    @SuppressWarnings("unchecked")
    private boolean holds(Object expression, Map<String, Object> conditions) {
        Map.Entry<String, Object> only =
                ((Map<String, Object>) expression).entrySet().iterator().next();
        List<Object> args = only.getValue() instanceof List<?> l ? (List<Object>) l : List.of(only.getValue());
        return switch (only.getKey()) {
            case "Fn::Equals" -> resolveString(args.get(0)).equals(resolveString(args.get(1)));
            case "Fn::Not" -> !holds(args.get(0), conditions);
            case "Fn::And" -> args.stream().allMatch(a -> holds(a, conditions));
            case "Fn::Or" -> args.stream().anyMatch(a -> holds(a, conditions));
            case "Condition" -> condition(String.valueOf(only.getValue()), conditions);
            default -> throw new IllegalStateException("unknown condition function " + only.getKey());
        };
    }

    private String ref(String name) {
        if (parameters.containsKey(name)) {
            return String.valueOf(parameters.get(name));
        }
        int dot = name.indexOf('.');
        if (dot > 0) {
            return attribute(name.substring(0, dot), name.substring(dot + 1));
        }
        Deployed resource = deployed.get(name);
        if (resource == null) {
            throw new IllegalStateException("!Ref " + name + ": no such parameter or resource (yet)");
        }
        return resource.ref();
    }

    private String attribute(String resource, String attribute) {
        Deployed deployedResource = deployed.get(resource);
        if (deployedResource == null || !deployedResource.attributes().containsKey(attribute)) {
            throw new IllegalStateException("!GetAtt " + resource + "." + attribute + ": not known locally");
        }
        return deployedResource.attributes().get(attribute);
    }

    @SuppressWarnings("unchecked")
    private String sub(Object argument) {
        String text;
        Map<String, Object> variables = Map.of();
        if (argument instanceof List<?> list) {
            text = String.valueOf(list.get(0));
            variables = (Map<String, Object>) list.get(1);
        } else {
            text = String.valueOf(argument);
        }
        Matcher m = SUB_VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String replacement;
            if (variables.containsKey(name)) {
                replacement = resolveString(variables.get(name));
            } else if (name.contains(".") && !parameters.containsKey(name)) {
                String[] parts = name.split("\\.", 2);
                replacement = attribute(parts[0], parts[1]);
            } else {
                replacement = ref(name);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * Logical ids this value refers to (Ref, GetAtt, Sub): what must exist before it can be resolved. SAM's
     * {@code !Ref Function.Alias} is returned as written.
     */
    @SuppressWarnings("unchecked")
    public static List<String> references(Object value) {
        List<String> refs = new ArrayList<>();
        if (value instanceof Map<?, ?> map) {
            ((Map<String, Object>) map).forEach((k, v) -> {
                switch (k) {
                    case "Ref" -> refs.add(String.valueOf(v));
                    case "Fn::GetAtt" -> refs.add(String.valueOf(((List<Object>) v).get(0)));
                    case "Fn::Sub" -> {
                        Matcher m = SUB_VARIABLE.matcher(String.valueOf(v instanceof List<?> l ? l.get(0) : v));
                        while (m.find()) {
                            refs.add(m.group(1).split("\\.", 2)[0]);
                        }
                        if (v instanceof List<?> l) {
                            refs.addAll(references(l.get(1)));
                        }
                    }
                    default -> refs.addAll(references(v));
                }
            });
        } else if (value instanceof List<?> list) {
            list.forEach(v -> refs.addAll(references(v)));
        }
        return refs;
    }
}
