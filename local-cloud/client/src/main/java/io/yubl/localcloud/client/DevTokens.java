package io.yubl.localcloud.client;

import io.yubl.middleware.auth.Principal;
import io.yubl.middleware.auth.Signer;
import io.yubl.middleware.auth.TokenKeys;
import io.yubl.middleware.auth.TokenLifetimes;
import io.yubl.middleware.auth.TokenSigner;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * Mints bearer tokens the stage accepts, each with the key of the signer that may sign for its subject: the
 * monolith's for users and for {@code service:legacy-monolith}, distribute-yubl's for itself. The keys are the local
 * cloud's, which {@code bin/stack up} made in its Secrets Manager as bin/deploy makes an AWS stage's; or, when
 * {@code YUBL_TOKEN_SIGNING_KEYS} is set (bin/deploy sets it for the smoke test of a deployed stage), the monolith's
 * keys from it. Usage: {@code DevTokens USER_ID} or {@code DevTokens --service NAME}, optionally {@code --ttl-hours N}
 * (12 h for a user and 1 h for a service by default; the stage refuses longer than 24 h or 1 h) and
 * {@code --signer NAME} (sign with another signer's key: the stage refuses a subject that key was not bound to).
 */
public final class DevTokens {
    private static final Map<String, TokenSigner> SIGNERS = new ConcurrentHashMap<>();

    private DevTokens() {}

    /** The monolith's signer: it signs for every user and for itself. */
    public static TokenSigner local() {
        return signedBy(Signer.LEGACY_MONOLITH.name());
    }

    /** A signer of the local stage, with its keys as they are now (read once). */
    public static TokenSigner signedBy(String signer) {
        return SIGNERS.computeIfAbsent(signer, name -> {
            TokenKeys keys = keys(name);
            return new TokenSigner(() -> keys, Clock.systemUTC(), TokenLifetimes.DEFAULT);
        });
    }

    /** A signer's keys in the local stage as they are now (or the monolith's from YUBL_TOKEN_SIGNING_KEYS). */
    public static TokenKeys keys(String signer) {
        String given = System.getenv("YUBL_TOKEN_SIGNING_KEYS");
        if (given != null && !given.isBlank() && signer.equals(Signer.LEGACY_MONOLITH.name())) {
            return TokenKeys.parse(given);
        }
        String name = Signer.signingSecret(LocalEndpoints.STAGE, signer);
        try (SecretsManagerClient secretsManager = AwsClients.secretsManager()) {
            return TokenKeys.parse(
                    secretsManager.getSecretValue(r -> r.secretId(name)).secretString());
        } catch (ResourceNotFoundException e) {
            throw new IllegalStateException("the local cloud has no keys for " + signer + " (" + name + ")");
        } catch (SdkException e) {
            throw new IllegalStateException(
                    "cannot read the local token keys " + name
                            + " from the local Secrets Manager (is the local cloud up? bin/stack up): "
                            + e.getMessage(),
                    e);
        }
    }

    /** The signer whose key may sign for the principal (the monolith's when none is bound to it). */
    public static TokenSigner signerOf(Principal principal) {
        return signedBy(Signer.STAGE.stream()
                .filter(s -> s.admits(principal))
                .map(Signer::name)
                .findFirst()
                .orElse(Signer.LEGACY_MONOLITH.name()));
    }

    public static String user(String userId) {
        return local().issue(Principal.user(userId), Duration.ofHours(12));
    }

    /** A service token lives at most an hour (TokenLifetimes): a caller that runs longer renews it (ServiceToken). */
    public static String service(String name) {
        Principal service = Principal.service(name);
        return signerOf(service).issue(service, Duration.ofHours(1));
    }

    public static void main(String[] args) {
        Principal principal = null;
        Long hours = null;
        String signer = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--service" -> principal = Principal.service(value(args, ++i, "--service NAME"));
                case "--ttl-hours" -> hours = Long.parseLong(value(args, ++i, "--ttl-hours N"));
                case "--signer" ->
                    signer = Signer.named(value(args, ++i, "--signer NAME")).name();
                default -> principal = Principal.user(args[i]);
            }
        }
        if (principal == null) {
            System.err.println("usage: bin/token USER_ID | bin/token --service NAME   [--ttl-hours N] [--signer NAME]");
            System.exit(2);
        }
        TokenSigner tokens = signer == null ? signerOf(principal) : signedBy(signer);
        System.out.println(
                tokens.issue(principal, Duration.ofHours(hours != null ? hours : principal.isUser() ? 12 : 1)));
    }

    private static String value(String[] args, int i, String usage) {
        if (i >= args.length) {
            System.err.println("missing value: " + usage);
            System.exit(2);
        }
        return args[i];
    }
}
