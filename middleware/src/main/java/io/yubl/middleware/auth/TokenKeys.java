package io.yubl.middleware.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.yubl.contracts.Contracts;
import io.yubl.runtime.Secrets;
import java.io.IOException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Token keys: ES256 key pairs (ECDSA on P-256), each with a key id ({@code kid}), the signer that owns it and the
 * subjects that signer may sign for ({@code user:*}, {@code service:legacy-monolith}: a trailing {@code *} is a
 * prefix). One document shape serves both sides:
 * <ul>
 *   <li>a signer's own secret, {@code yubl/STAGE/token-signing-keys/SIGNER}, holds its private keys: only its owner
 *   reads it;</li>
 *   <li>the stage's verification keys, {@code yubl/STAGE/token-verification-keys}, hold every signer's public keys:
 *   verifiers read it and can check tokens, never mint one.</li>
 * </ul>
 * Rotation keeps at most two keys a signer: the new one signs from {@code activeFrom} (after the verifiers have had
 * time to learn it), and the one before it is still trusted until {@code retiresAt} (the grace period: the longest a
 * token it signed may still live). A key past {@code retiresAt} verifies nothing.
 */
public record TokenKeys(List<TokenKey> keys) {
    private static final DateTimeFormatter KID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    public TokenKeys {
        keys = List.copyOf(keys);
    }

    public record TokenKey(
            String kid, String signer, List<String> subjects, Instant activeFrom, Instant retiresAt, ECKey jwk) {
        public TokenKey {
            subjects = List.copyOf(subjects);
            if (!jwk.getKeyID().equals(kid)) {
                throw new IllegalArgumentException("key " + kid + " holds a JWK with another kid, " + jwk.getKeyID());
            }
        }

        /** Whether the subjects this key was bound to include the principal. */
        public boolean admits(Principal principal) {
            return principal.matchesAny(subjects);
        }

        public boolean trustedAt(Instant now) {
            return retiresAt == null || now.isBefore(retiresAt);
        }

        public TokenKey publicPart() {
            return new TokenKey(kid, signer, subjects, activeFrom, retiresAt, jwk.toPublicJWK());
        }

        TokenKey retiringAt(Instant when) {
            return new TokenKey(
                    kid,
                    signer,
                    subjects,
                    activeFrom,
                    retiresAt == null || when.isBefore(retiresAt) ? when : retiresAt,
                    jwk);
        }
    }

    public static TokenKeys none() {
        return new TokenKeys(List.of());
    }

    /** A new key pair for the signer, bound to these subjects, that signs from {@code activeFrom} on. */
    public static TokenKey generate(String signer, List<String> subjects, Instant activeFrom) {
        String kid = signer + "-" + KID_TIME.format(activeFrom) + "-"
                + Integer.toHexString(0x100000 + RANDOM.nextInt(0xf00000));
        try {
            return new TokenKey(
                    kid,
                    signer,
                    subjects,
                    activeFrom,
                    null,
                    new ECKeyGenerator(Curve.P_256).keyID(kid).generate());
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate a P-256 key pair", e);
        }
    }

    /** The key with this id, if it is still trusted now. */
    public Optional<TokenKey> forVerifying(String kid, Instant now) {
        return keys.stream()
                .filter(k -> k.kid().equals(kid) && k.trustedAt(now))
                .findFirst();
    }

    /** The newest key that may sign now: active, and not retired. */
    public Optional<TokenKey> forSigning(Instant now) {
        return keys.stream()
                .filter(k -> !k.activeFrom().isAfter(now) && k.trustedAt(now))
                .max(Comparator.comparing(TokenKey::activeFrom));
    }

    public List<TokenKey> of(String signer) {
        return keys.stream().filter(k -> k.signer().equals(signer)).toList();
    }

    public boolean contains(String kid) {
        return keys.stream().anyMatch(k -> k.kid().equals(kid));
    }

    public TokenKeys publicParts() {
        return new TokenKeys(keys.stream().map(TokenKey::publicPart).toList());
    }

    /** These keys, with the signer's replaced by the given ones. */
    public TokenKeys withSigner(String signer, List<TokenKey> signersKeys) {
        List<TokenKey> all = new ArrayList<>(
                keys.stream().filter(k -> !k.signer().equals(signer)).toList());
        all.addAll(signersKeys);
        return new TokenKeys(all);
    }

    /**
     * The signer's keys after a rotation at {@code now}: the new key; the newest key before it, which signs until the
     * new key is active and stays trusted for the grace period after that; and no other (an older key still in its
     * grace period retires now, so that at most two are trusted).
     */
    public TokenKeys rotated(TokenKey added, Instant now, Duration grace) {
        List<TokenKey> before = of(added.signer()).stream()
                .filter(k -> k.trustedAt(now))
                .sorted(Comparator.comparing(TokenKey::activeFrom).reversed())
                .toList();
        List<TokenKey> after = new ArrayList<>();
        after.add(added);
        if (!before.isEmpty()) {
            after.add(before.get(0).retiringAt(added.activeFrom().plus(grace)));
        }
        return withSigner(added.signer(), after);
    }

    public String toJson() {
        ObjectNode document = Contracts.json().createObjectNode();
        ArrayNode array = document.putArray("keys");
        for (TokenKey key : keys) {
            ObjectNode node = array.addObject().put("kid", key.kid()).put("signer", key.signer());
            key.subjects().forEach(node.putArray("subjects")::add);
            node.put("activeFrom", key.activeFrom().toString());
            node.put(
                    "retiresAt",
                    key.retiresAt() == null ? null : key.retiresAt().toString());
            try {
                node.set("jwk", Contracts.json().readTree(key.jwk().toJSONString()));
            } catch (IOException e) {
                throw new IllegalStateException("cannot write the JWK of " + key.kid(), e);
            }
        }
        return document.toString();
    }

    /** Reads a key document; a document that is not one is refused with what is wrong and where. */
    public static TokenKeys parse(String json) {
        JsonNode document;
        try {
            document = Contracts.json().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the token key document is not JSON: " + e.getOriginalMessage());
        }
        if (document == null || !document.path("keys").isArray()) {
            throw new IllegalArgumentException("the token key document has no 'keys' array");
        }
        List<TokenKey> keys = new ArrayList<>();
        for (int i = 0; i < document.get("keys").size(); i++) {
            keys.add(key(document.get("keys").get(i), "keys[" + i + "]"));
        }
        return new TokenKeys(keys);
    }

    private static TokenKey key(JsonNode node, String where) {
        String kid = text(node, "kid", where);
        List<String> subjects = new ArrayList<>();
        node.path("subjects").forEach(s -> subjects.add(s.asText()));
        if (subjects.isEmpty()) {
            throw new IllegalArgumentException(where + ".subjects must name at least one subject");
        }
        try {
            ECKey jwk = ECKey.parse(node.path("jwk").toString());
            if (!Curve.P_256.equals(jwk.getCurve())) {
                throw new IllegalArgumentException(where + ".jwk must be a P-256 key, is " + jwk.getCurve());
            }
            String retires =
                    node.path("retiresAt").isTextual() ? node.get("retiresAt").asText() : null;
            return new TokenKey(
                    kid,
                    text(node, "signer", where),
                    subjects,
                    Instant.parse(text(node, "activeFrom", where)),
                    retires == null ? null : Instant.parse(retires),
                    jwk);
        } catch (ParseException e) {
            throw new IllegalArgumentException(where + ".jwk is not an EC JWK: " + e.getMessage());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(where + " has a time that is not ISO-8601: " + e.getParsedString());
        }
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode value = node.path(field);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException(where + "." + field + " is required");
        }
        return value.asText();
    }

    /**
     * The key document in the secret the variable names, read through the function's cached, refreshing secrets
     * client ({@link Secrets}): again once older than {@code maxAge}; parsed only when it changed.
     */
    public static Supplier<TokenKeys> fromSecret(Secrets secrets, String variable, Duration maxAge) {
        Supplier<String> raw = secrets.fromVariable(variable, maxAge);
        return new Supplier<>() {
            private String lastRaw;
            private TokenKeys last;

            @Override
            public synchronized TokenKeys get() {
                String now = raw.get();
                if (!now.equals(lastRaw)) {
                    last = parse(now);
                    lastRaw = now;
                }
                return last;
            }
        };
    }
}
