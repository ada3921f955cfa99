package io.yubl.localcloud;

import io.yubl.middleware.auth.Principal;
import io.yubl.middleware.auth.Tokens;
import io.yubl.operations.StageSecrets;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.time.Clock;
import java.time.Duration;

/**
 * Mints bearer tokens the stage accepts: signed with {@code YUBL_TOKEN_SIGNING_KEY} when it is set (bin/deploy sets it
 * for the smoke test of a deployed stage), else with the local cloud's key, which {@code bin/stack up} created in its
 * Secrets Manager as AWS stages have theirs. Usage: {@code DevTokens USER_ID} or {@code DevTokens --service NAME},
 * optionally {@code --ttl-hours N} (12 h for a user and 1 h for a service by default; the stage refuses a token that
 * lives longer than 24 h or 1 h).
 */
public final class DevTokens {
    private static volatile String signingKey;

    private DevTokens() {
    }

    public static Tokens local() {
        return new Tokens(signingKey(), Clock.systemUTC());
    }

    /** The key tokens are signed with (read once). */
    public static String signingKey() {
        if (signingKey == null) {
            String key = System.getenv("YUBL_TOKEN_SIGNING_KEY");
            if (key == null || key.isBlank()) {
                String name = StageSecrets.secretName(LocalEndpoints.STAGE, "token-signing-key");
                try (SecretsManagerClient secretsManager = AwsClients.secretsManager()) {
                    key = secretsManager.getSecretValue(r -> r.secretId(name)).secretString();
                } catch (SdkException e) {
                    throw new IllegalStateException("cannot read the local token signing key " + name
                            + " from the local Secrets Manager (is the local cloud up? bin/stack up): " + e.getMessage(), e);
                }
            }
            signingKey = key;
        }
        return signingKey;
    }

    public static String user(String userId) {
        return local().issue(Principal.user(userId), Duration.ofHours(12));
    }

    /** A service token lives at most an hour (Tokens.Lifetimes): a caller that runs longer renews it (ServiceToken). */
    public static String service(String name) {
        return local().issue(Principal.service(name), Duration.ofHours(1));
    }

    public static void main(String[] args) {
        Principal principal = null;
        Long hours = null;
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
        System.out.println(local().issue(principal, Duration.ofHours(hours != null ? hours : principal.isUser() ? 12 : 1)));
    }

    private static String value(String[] args, int i, String usage) {
        if (i >= args.length) {
            System.err.println("missing value: " + usage);
            System.exit(2);
        }
        return args[i];
    }
}
