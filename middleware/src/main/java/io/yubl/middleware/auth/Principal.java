package io.yubl.middleware.auth;

import java.util.List;

/**
 * Who is calling: a user (by id) or a service (by name). On the wire, in the authorizer's context:
 * {@code user:<id>} or {@code service:<name>}.
 */
public record Principal(Kind kind, String id) {

    public enum Kind {
        USER,
        SERVICE
    }

    public static Principal user(String userId) {
        return new Principal(Kind.USER, userId);
    }

    public static Principal service(String name) {
        return new Principal(Kind.SERVICE, name);
    }

    public boolean isUser() {
        return kind == Kind.USER;
    }

    public String wire() {
        return (kind == Kind.USER ? "user:" : "service:") + id;
    }

    /**
     * Whether any of these subjects names this principal: {@code user:ada}, or a prefix ending in *: {@code user:*}.
     */
    public boolean matchesAny(List<String> subjects) {
        String wire = wire();
        return subjects.stream()
                .anyMatch(s -> s.endsWith("*") ? wire.startsWith(s.substring(0, s.length() - 1)) : s.equals(wire));
    }

    public static Principal fromWire(String wire) {
        if (wire != null && wire.startsWith("user:") && wire.length() > 5) {
            return user(wire.substring(5));
        }
        if (wire != null && wire.startsWith("service:") && wire.length() > 8) {
            return service(wire.substring(8));
        }
        throw new IllegalArgumentException("not a principal: " + wire);
    }
}
