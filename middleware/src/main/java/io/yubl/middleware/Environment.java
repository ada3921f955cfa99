package io.yubl.middleware;

/**
 * A function's settings: the environment variable, or (on the local host, where functions share one JVM and one
 * environment) the system property of the same name.
 */
public final class Environment {
    private Environment() {
    }

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
}
