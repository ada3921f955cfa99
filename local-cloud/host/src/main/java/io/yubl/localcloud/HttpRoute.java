package io.yubl.localcloud;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP API route as template.yaml declares it ({@code GET /users/{id}/followers}): matches request paths
 * the way API Gateway does and names the path parameters. {@code {name+}} is a greedy parameter that takes the
 * rest of the path.
 */
public record HttpRoute(String method, String path) {

    public String routeKey() {
        return method + " " + path;
    }

    /** The path parameters when this route's path matches, whatever the method. */
    public Optional<Map<String, String>> match(String requestPath) {
        String[] pattern = segments(path);
        String[] actual = segments(requestPath);
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < pattern.length; i++) {
            String p = pattern[i];
            if (p.startsWith("{") && p.endsWith("+}")) {
                if (i >= actual.length) {
                    return Optional.empty();
                }
                parameters.put(
                        p.substring(1, p.length() - 2), String.join("/", Arrays.copyOfRange(actual, i, actual.length)));
                return Optional.of(parameters);
            }
            if (i >= actual.length) {
                return Optional.empty();
            }
            if (p.startsWith("{") && p.endsWith("}")) {
                if (actual[i].isEmpty()) {
                    return Optional.empty();
                }
                parameters.put(p.substring(1, p.length() - 1), decode(actual[i]));
            } else if (!p.equals(actual[i])) {
                return Optional.empty();
            }
        }
        return pattern.length == actual.length ? Optional.of(parameters) : Optional.empty();
    }

    /** Literal segments count more than parameters, so /users/me wins over /users/{id}. */
    public int specificity() {
        int literal = 0;
        for (String s : segments(path)) {
            literal += s.startsWith("{") ? 0 : 1;
        }
        return literal;
    }

    private static String[] segments(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
    }

    private static String decode(String segment) {
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
