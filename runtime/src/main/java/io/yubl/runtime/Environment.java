package io.yubl.runtime;

import org.slf4j.MDC;

/**
 * A function's settings: the environment variable, or (on the local host, where functions share one JVM and one
 * environment) the system property of the same name.
 */
public final class Environment {
    /** The log lines' key that names the function an invocation runs in (the middleware's Invocation sets it). */
    public static final String FUNCTION_KEY = "function";

    private Environment() {}

    public static String required(String name) {
        String value = optional(name, null);
        if (value == null) {
            throw new IllegalStateException(name + " is not set (environment variable or system property)");
        }
        return value;
    }

    public static String optional(String name, String fallback) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            value = System.getProperty(name);
        }
        return value == null || value.isBlank() ? fallback : value;
    }

    public static int integer(String name, int fallback) {
        String value = optional(name, null);
        try {
            return value == null ? fallback : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException(name + " must be a whole number, was '" + value + "'", e);
        }
    }

    /** The function this code runs in: the current invocation's, else Lambda's variable ("local" off Lambda). */
    public static String functionName() {
        String name = MDC.get(FUNCTION_KEY);
        return name != null ? name : optional("AWS_LAMBDA_FUNCTION_NAME", "local");
    }
}
