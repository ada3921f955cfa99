package io.yubl.localcloud;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Whether a Lambda authorizer's IAM policy lets a caller invoke a method ARN, as API Gateway evaluates it: an explicit
 * {@code Deny} that matches wins, else some matching {@code Allow} is needed. A statement matches when one of its
 * actions is {@code execute-api:Invoke} (or a wildcard covering it) and one of its resources matches the ARN, where
 * {@code *} and {@code ?} are wildcards.
 */
final class ConnectPolicy {
    private static final String ACTION = "execute-api:Invoke";

    private ConnectPolicy() {}

    static boolean allows(Map<String, Object> policy, String methodArn) {
        boolean allowed = false;
        for (Object statement : list(policy.get("Statement"))) {
            if (!(statement instanceof Map<?, ?> s)
                    || !matchesAny(s.get("Action"), ACTION)
                    || !matchesAny(s.get("Resource"), methodArn)) {
                continue;
            }
            if ("Deny".equals(s.get("Effect"))) {
                return false;
            }
            allowed |= "Allow".equals(s.get("Effect"));
        }
        return allowed;
    }

    private static boolean matchesAny(Object patterns, String value) {
        return list(patterns).stream()
                .anyMatch(p -> glob(String.valueOf(p)).matcher(value).matches());
    }

    private static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (String part : pattern.split("((?<=[*?])|(?=[*?]))")) {
            regex.append(part.equals("*") ? ".*" : part.equals("?") ? "." : Pattern.quote(part));
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE);
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> l ? l : value == null ? List.of() : List.of(value);
    }
}
