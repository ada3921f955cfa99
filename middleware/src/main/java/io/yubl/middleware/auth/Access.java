package io.yubl.middleware.auth;

import java.util.Set;

/** Who may call a route: users (when {@code forUsers}), and the named services. */
public record Access(boolean forUsers, Set<String> services) {

    public static Access users() {
        return new Access(true, Set.of());
    }

    public static Access services(String... names) {
        return new Access(false, Set.of(names));
    }

    public static Access usersAndServices(String... names) {
        return new Access(true, Set.of(names));
    }

    public boolean allows(Principal principal) {
        return principal.isUser() ? forUsers : services.contains(principal.id());
    }
}
