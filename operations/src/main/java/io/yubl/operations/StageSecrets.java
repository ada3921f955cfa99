package io.yubl.operations;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;

/**
 * A stage's secrets in AWS Secrets Manager, named {@code yubl/STAGE/NAME}, created with 48 random bytes when missing
 * and never overwritten (rotation is a separate, deliberate act), never printed. The template gives each function the
 * names of the ones it reads, and its role the right to read only those.
 */
public final class StageSecrets {
    /** The secrets every stage has (its token keys are {@link io.yubl.operations.keys.StageSigningKeys}'). */
    public static final List<String> NAMES = List.of("cursor-secret");

    private static final int RANDOM_BYTES = 48;

    private final SecretsManagerClient secretsManager;
    private final SecureRandom random = new SecureRandom();

    public StageSecrets(SecretsManagerClient secretsManager) {
        this.secretsManager = secretsManager;
    }

    public static String secretName(String stage, String secret) {
        return "yubl/" + stage + "/" + secret;
    }

    /** Creates the stage's missing secrets; says which it created and which existed, never their values. */
    public void ensure(String stage, Consumer<String> log) {
        for (String secret : NAMES) {
            String name = secretName(stage, secret);
            try {
                secretsManager.createSecret(r -> r.name(name)
                        .description(
                                "yubl " + stage + ": " + secret + " (bin/deploy made it; rotate with put-secret-value)")
                        .secretString(randomValue()));
                log.accept("  secret " + name + ": created");
            } catch (ResourceExistsException e) {
                log.accept("  secret " + name + ": exists");
            }
        }
    }

    private String randomValue() {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
