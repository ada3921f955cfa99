package io.yubl.middleware.auth;

import io.yubl.runtime.Environment;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * The longest a token may live, from its issue time (or from now, if it names none) to its expiry, by the kind of its
 * principal. Settings: {@code TOKEN_MAX_USER_LIFETIME} and {@code TOKEN_MAX_SERVICE_LIFETIME}, ISO-8601 durations
 * (PT24H, PT1H by default).
 */
public record TokenLifetimes(Duration user, Duration service) {
    public static final TokenLifetimes DEFAULT = new TokenLifetimes(Duration.ofHours(24), Duration.ofHours(1));

    public TokenLifetimes {
        if (user.isNegative() || user.isZero() || service.isNegative() || service.isZero()) {
            throw new IllegalArgumentException("token lifetimes must be positive, were " + user + " and " + service);
        }
    }

    public static TokenLifetimes fromEnvironment() {
        return new TokenLifetimes(
                duration("TOKEN_MAX_USER_LIFETIME", DEFAULT.user()),
                duration("TOKEN_MAX_SERVICE_LIFETIME", DEFAULT.service()));
    }

    public Duration of(Principal principal) {
        return principal.isUser() ? user : service;
    }

    /** An ISO-8601 duration setting (PT1M, PT24H), or the fallback when it is not set. */
    static Duration duration(String setting, Duration fallback) {
        String value = Environment.optional(setting, null);
        try {
            return value == null ? fallback : Duration.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalStateException(
                    setting + " must be an ISO-8601 duration such as PT24H, was '" + value + "'", e);
        }
    }
}
