package io.yubl.localcloud;

import io.yubl.middleware.auth.Principal;
import io.yubl.middleware.auth.Tokens;

import java.time.Clock;
import java.time.Duration;

/**
 * Mints bearer tokens for the local cloud, signed with its key ({@code YUBL_TOKEN_SIGNING_KEY} or the development
 * key). Usage: {@code DevTokens USER_ID} or {@code DevTokens --service NAME}, optionally {@code --ttl-hours N}.
 */
public final class DevTokens {
    private DevTokens() {
    }

    public static Tokens local() {
        return new Tokens(LocalEndpoints.tokenSigningKey(), Clock.systemUTC());
    }

    public static String user(String userId) {
        return local().issue(Principal.user(userId), Duration.ofHours(12));
    }

    public static String service(String name) {
        return local().issue(Principal.service(name), Duration.ofHours(12));
    }

    public static void main(String[] args) {
        Principal principal = null;
        long hours = 12;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--service" -> principal = Principal.service(value(args, ++i, "--service NAME"));
                case "--ttl-hours" -> hours = Long.parseLong(value(args, ++i, "--ttl-hours N"));
                default -> principal = Principal.user(args[i]);
            }
        }
        if (principal == null) {
            System.err.println("usage: bin/token USER_ID | bin/token --service NAME   [--ttl-hours N]");
            System.exit(2);
        }
        System.out.println(local().issue(principal, Duration.ofHours(hours)));
    }

    private static String value(String[] args, int i, String usage) {
        if (i >= args.length) {
            System.err.println("missing value: " + usage);
            System.exit(2);
        }
        return args[i];
    }
}
