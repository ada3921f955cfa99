package io.yubl.middleware;

import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.lambda.powertools.parameters.cache.CacheManager;
import software.amazon.lambda.powertools.parameters.ssm.SSMProvider;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * A function's secrets: SecureStrings in SSM Parameter Store, read through Powertools' parameters provider, which caches
 * each for {@code SECRETS_MAX_AGE_SECONDS} (default 300) and then reads it again. So a rotated secret reaches every
 * function within that time, without a redeploy, and none is frozen into a SnapStart snapshot for longer. A function is
 * given the parameter's <em>name</em> in its environment, never the value.
 */
public final class Secrets {
    private static final Secrets SHARED = new Secrets(
            Duration.ofSeconds(Environment.integer("SECRETS_MAX_AGE_SECONDS", 300)));

    private final Duration maxAge;
    private volatile SSMProvider provider;

    public Secrets(Duration maxAge) {
        this.maxAge = maxAge;
    }

    /** The one instance a function's handlers share (its SSM client is made on first use). */
    public static Secrets shared() {
        return SHARED;
    }

    /**
     * The secret whose parameter name the variable holds, read when first asked for and again once older than the
     * max age. The variable is looked up on first use too, so a function that never uses the secret needs no name.
     */
    public Supplier<String> fromVariable(String variable) {
        return () -> get(Environment.required(variable));
    }

    /** The decrypted value of this SecureString (or String) parameter. */
    public synchronized String get(String parameterName) {
        // the provider's decryption option applies to the next get only, hence one caller at a time
        return provider().withDecryption().get(parameterName);
    }

    private SSMProvider provider() {
        if (provider == null) {
            CacheManager cache = new CacheManager();
            cache.setDefaultExpirationTime(maxAge);
            provider = SSMProvider.builder().withClient(Clients.build(SsmClient.builder())).withCacheManager(cache).build();
        }
        return provider;
    }
}
