package io.yubl.middleware.auth;

import java.time.Duration;
import java.util.List;

/**
 * Who may mint tokens, and for whom: each signer has key pairs of its own, and the stage's verifiers accept a token
 * only for the subjects its key was bound to. A trailing {@code *} is a prefix.
 */
public record Signer(String name, List<String> subjects) {
    /** The monolith owns login: it signs for every user, and for itself when it calls the facade. */
    public static final Signer LEGACY_MONOLITH =
            new Signer("legacy-monolith", List.of("user:*", "service:legacy-monolith"));
    /** distribute-yubl (and continue-fanout, its code) signs only its own service token, for the relationship API. */
    public static final Signer DISTRIBUTE_YUBL = new Signer("distribute-yubl", List.of("service:distribute-yubl"));
    /** Every stage's signers. */
    public static final List<Signer> STAGE = List.of(LEGACY_MONOLITH, DISTRIBUTE_YUBL);

    public Signer {
        subjects = List.copyOf(subjects);
        if (!name.matches("[a-z0-9-]{1,64}")) {
            throw new IllegalArgumentException("a signer's name is 1 to 64 of a-z 0-9 -, was '" + name + "'");
        }
    }

    /** The Secrets Manager secret that holds a signer's key pairs in a stage (private halves included). */
    public static String signingSecret(String stage, String signer) {
        return "yubl/" + stage + "/token-signing-keys/" + signer;
    }

    public static Signer named(String name) {
        return STAGE.stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no signer '" + name + "'; the stage's signers are "
                        + STAGE.stream().map(Signer::name).toList()));
    }

    public boolean admits(Principal principal) {
        return principal.matchesAny(subjects);
    }

    public boolean signsForUsers() {
        return subjects.stream().anyMatch(s -> s.startsWith("user:"));
    }

    /**
     * How long a retiring key stays trusted by default: the longest a token it signed may live under these caps, plus
     * 10 minutes for the signers' secret cache (5 minutes), the verifiers' key cache (1 minute) and clock skew.
     */
    public Duration defaultGrace(TokenLifetimes lifetimes) {
        Duration longest = signsForUsers() && lifetimes.user().compareTo(lifetimes.service()) > 0
                ? lifetimes.user()
                : lifetimes.service();
        return longest.plusMinutes(10);
    }
}
