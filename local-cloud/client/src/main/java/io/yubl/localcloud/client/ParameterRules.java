package io.yubl.localcloud.client;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The constraints CloudFormation checks on a template parameter's value before it deploys anything: Type Number,
 * MinValue/MaxValue, AllowedValues, AllowedPattern (matched against the whole value), MinLength/MaxLength.
 */
final class ParameterRules {
    private ParameterRules() {}

    /** Why {@code value} breaks the declaration's constraints, or null when it keeps them. */
    static String check(Map<String, Object> declaration, String value) {
        if ("Number".equals(declaration.get("Type"))) {
            BigDecimal number;
            try {
                number = new BigDecimal(value);
            } catch (NumberFormatException e) {
                return "is not a number";
            }
            if (declaration.get("MinValue") != null && number.compareTo(decimal(declaration.get("MinValue"))) < 0) {
                return "is below its MinValue " + declaration.get("MinValue");
            }
            if (declaration.get("MaxValue") != null && number.compareTo(decimal(declaration.get("MaxValue"))) > 0) {
                return "is above its MaxValue " + declaration.get("MaxValue");
            }
        }
        if (declaration.get("AllowedValues") instanceof List<?> allowed
                && allowed.stream().map(String::valueOf).noneMatch(value::equals)) {
            return "is not one of its AllowedValues " + allowed;
        }
        if (declaration.get("MinLength") instanceof Integer min && value.length() < min) {
            return "is shorter than its MinLength " + min;
        }
        if (declaration.get("MaxLength") instanceof Integer max && value.length() > max) {
            return "is longer than its MaxLength " + max;
        }
        if (declaration.get("AllowedPattern") instanceof String pattern && !Pattern.matches(pattern, value)) {
            return "does not match its AllowedPattern " + pattern;
        }
        return null;
    }

    private static BigDecimal decimal(Object bound) {
        return new BigDecimal(String.valueOf(bound));
    }
}
