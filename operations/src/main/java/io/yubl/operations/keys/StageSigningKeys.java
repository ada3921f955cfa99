package io.yubl.operations.keys;

import io.yubl.middleware.auth.Signer;
import io.yubl.middleware.auth.TokenKeys;
import io.yubl.middleware.auth.TokenKeys.TokenKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * A stage's token keys in AWS Secrets Manager:
 * <ul>
 *   <li>{@code yubl/STAGE/token-signing-keys/SIGNER}: a signer's private keys. The template lets only the signer's
 *   role read its own (distribute-yubl's functions theirs; the monolith's role attaches the policy the stack outputs
 *   as {@code MonolithSigningKeysPolicyArn}); no verifier reads any.</li>
 *   <li>{@code yubl/STAGE/token-verification-keys}: every signer's public keys, with the subjects each may sign for,
 *   which the authorizer reads (it admits the HTTP API's requests and the WebSocket API's connects).</li>
 * </ul>
 * Both are {@link TokenKeys} documents. Keys are made when missing ({@link #ensure}), never printed, and rotated on
 * purpose ({@link #rotate}): the public key is published before the private one is written, and signs only from its
 * {@code activeFrom}, once every verifier has had time to read it.
 */
public final class StageSigningKeys {
    /** How long after a rotation the new key starts signing: the verifiers' key cache (PT1M) and some margin. */
    public static final Duration PROPAGATION = Duration.ofMinutes(2);

    private final SecretsManagerClient secretsManager;
    private final Clock clock;

    public StageSigningKeys(SecretsManagerClient secretsManager, Clock clock) {
        this.secretsManager = secretsManager;
        this.clock = clock;
    }

    public static String verificationSecret(String stage) {
        return "yubl/" + stage + "/token-verification-keys";
    }

    /** What a rotation did: the key that signs from {@code activeFrom}, and the one retiring at {@code retiresAt}. */
    public record Rotation(String signer, String newKid, Instant activeFrom, String retiringKid, Instant retiresAt) {
        @Override
        public String toString() {
            return "  " + signer + ": new key " + newKid + " signs from " + activeFrom
                    + (retiringKid == null ? "" : "; " + retiringKid + " is trusted until " + retiresAt);
        }
    }

    /**
     * Gives each signer a key pair when it has none, and makes sure the verification keys hold the public part of
     * every signer's keys. Harmless to repeat.
     */
    public void ensure(String stage, List<Signer> signers, Consumer<String> log) {
        TokenKeys published = read(verificationSecret(stage)).orElse(TokenKeys.none());
        TokenKeys verification = published;
        for (Signer signer : signers) {
            String name = Signer.signingSecret(stage, signer.name());
            Optional<TokenKeys> own = read(name);
            TokenKeys keys = own.orElseGet(() ->
                    new TokenKeys(List.of(TokenKeys.generate(signer.name(), signer.subjects(), clock.instant()))));
            if (own.isEmpty()) {
                secretsManager.createSecret(r -> r.name(name)
                        .secretString(keys.toJson())
                        .description("yubl " + stage + ": the private token keys of " + signer.name()
                                + " (bin/rotate-keys rotates them)"));
            }
            log.accept("  secret " + name + ": " + (own.isEmpty() ? "created" : "exists"));
            if (keys.keys().stream().anyMatch(k -> !published.contains(k.kid()))) {
                verification = verification.withSigner(
                        signer.name(), keys.publicParts().keys());
            }
        }
        if (!verification.equals(published)) {
            write(verificationSecret(stage), verification, "the public token keys of every signer; verifiers read it");
            log.accept("  secret " + verificationSecret(stage) + ": "
                    + (published.keys().isEmpty() ? "created" : "updated"));
        } else {
            log.accept("  secret " + verificationSecret(stage) + ": exists");
        }
    }

    /**
     * A new key for the signer: published to the verifiers first, then written to the signer's secret, signing from
     * now + {@code propagation}; the signer's current key stays trusted for {@code grace}, any older one retires now.
     */
    public Rotation rotate(String stage, Signer signer, Duration grace, Duration propagation) {
        Instant now = clock.instant();
        String name = Signer.signingSecret(stage, signer.name());
        TokenKeys own = read(name)
                .orElseThrow(() -> new IllegalStateException("the stage has no keys for " + signer.name() + " (" + name
                        + "): bin/deploy or bin/stack up makes them"));
        TokenKey added = TokenKeys.generate(signer.name(), signer.subjects(), now.plus(propagation));
        TokenKeys rotated = own.rotated(added, now, grace);
        TokenKeys verification = read(verificationSecret(stage))
                .orElse(TokenKeys.none())
                .withSigner(signer.name(), rotated.publicParts().keys());
        write(verificationSecret(stage), verification, null);
        write(name, rotated, null);
        Optional<TokenKey> retiring = rotated.of(signer.name()).stream()
                .filter(k -> !k.kid().equals(added.kid()))
                .findFirst();
        return new Rotation(
                signer.name(),
                added.kid(),
                added.activeFrom(),
                retiring.map(TokenKey::kid).orElse(null),
                retiring.map(TokenKey::retiresAt).orElse(null));
    }

    /** Takes a signer's keys out of the stage: its secret is deleted and its public keys are trusted no more. */
    public void remove(String stage, String signer) {
        read(verificationSecret(stage))
                .ifPresent(keys -> write(verificationSecret(stage), keys.withSigner(signer, List.of()), null));
        try {
            secretsManager.deleteSecret(
                    r -> r.secretId(Signer.signingSecret(stage, signer)).forceDeleteWithoutRecovery(true));
        } catch (ResourceNotFoundException e) {
            // already gone
        }
    }

    /** The keys in a secret, if it exists. */
    public Optional<TokenKeys> read(String secretName) {
        try {
            return Optional.of(TokenKeys.parse(
                    secretsManager.getSecretValue(r -> r.secretId(secretName)).secretString()));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    private void write(String secretName, TokenKeys keys, String description) {
        try {
            secretsManager.putSecretValue(r -> r.secretId(secretName).secretString(keys.toJson()));
        } catch (ResourceNotFoundException e) {
            secretsManager.createSecret(r -> r.name(secretName)
                    .secretString(keys.toJson())
                    .description(description == null ? "yubl token keys" : "yubl: " + description));
        }
    }
}
