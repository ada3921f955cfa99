package io.yubl.middleware.auth;

/**
 * Who is calling: a user (by id) or a service (by name). On the wire, in the authorizer's context:
 * {@code user:<id>} or {@code service:<name>}.
 */
public record Principal(Kind kind, String id) {

    public enum Kind {
        USER, SERVICE
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
