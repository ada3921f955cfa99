package io.yubl.runtime;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.lambda.powertools.parameters.cache.CacheManager;
import software.amazon.lambda.powertools.parameters.secrets.SecretsProvider;

/**
 * A function's secrets: secrets in AWS Secrets Manager, read through Powertools' parameters provider, which caches
 * each for {@code SECRETS_MAX_AGE_SECONDS} (default 300) and then reads it again. So a rotated secret reaches every
 * function within that time, without a redeploy, and none is frozen into a SnapStart snapshot for longer. A function is
 * given the secret's <em>name</em> in its environment, never the value. Secrets Manager rather than SSM Parameter
 * Store: its client is a seventh of the SSM client's size, which keeps every Lambda artifact under 10 MB.
 */
public final class Secrets {
    private static final Secrets SHARED =
            new Secrets(Duration.ofSeconds(Environment.integer("SECRETS_MAX_AGE_SECONDS", 300)));

    private final Duration maxAge;
    private volatile SecretsProvider provider;

    public Secrets(Duration maxAge) {
        this.maxAge = maxAge;
    }

    public Duration maxAge() {
        return maxAge;
    }

    /** The one instance a function's handlers share (its Secrets Manager client is made on first use). */
    public static Secrets shared() {
        return SHARED;
    }

    /**
     * The secret whose name the variable holds, read when first asked for and again once older than the max age. The
     * variable is looked up on first use too, so a function that never uses the secret needs no name.
     */
    public Supplier<String> fromVariable(String variable) {
        return fromVariable(variable, maxAge);
    }

    /** The same, read again once older than {@code maxAge} rather than the functions' max age. */
    public Supplier<String> fromVariable(String variable, Duration maxAge) {
        return () -> get(Environment.required(variable), maxAge);
    }

    /** The current value (version stage AWSCURRENT) of the secret with this name or ARN. */
    public String get(String secretName) {
        return get(secretName, maxAge);
    }

    private synchronized String get(String secretName, Duration maxAge) {
        return provider()
                .withMaxAge((int) Math.max(1, maxAge.toSeconds()), ChronoUnit.SECONDS)
                .get(secretName);
    }

    private synchronized SecretsProvider provider() {
        if (provider == null) {
            CacheManager cache = new CacheManager();
            cache.setDefaultExpirationTime(maxAge);
            provider = SecretsProvider.builder()
                    .withClient(Clients.build(SecretsManagerClient.builder()))
                    .withCacheManager(cache)
                    .build();
        }
        return provider;
    }
}
