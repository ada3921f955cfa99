package io.yubl.stores;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yubl.contracts.Contracts;
import io.yubl.runtime.Secrets;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Opaque pagination cursors: a DynamoDB position (string key attributes), base64url JSON, signed with HMAC-SHA256 so
 * that a tampered or foreign cursor is refused rather than read. The key is the Secrets Manager secret named by
 * {@code CURSOR_SECRET_NAME}, read through {@link Secrets}.
 */
public final class Cursors {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final Supplier<String> secret;

    public Cursors(String secret) {
        this(() -> secret);
    }

    /** Cursors signed with the secret the supplier gives at the time (it may change: rotation). */
    public Cursors(Supplier<String> secret) {
        this.secret = secret;
    }

    public static Cursors fromEnvironment() {
        return new Cursors(Secrets.shared().fromVariable("CURSOR_SECRET_NAME"));
    }

    public String encode(Map<String, AttributeValue> position) {
        if (position == null || position.isEmpty()) {
            return null;
        }
        ObjectNode json = Contracts.json().createObjectNode();
        position.forEach((name, value) -> json.put(name, value.s()));
        byte[] payload = json.toString().getBytes(UTF_8);
        return ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(sign(payload));
    }

    /** The position in the cursor; null for a null cursor; {@link InvalidCursorException} if it is not genuine. */
    /**
     * The position of a cursor of one user's listing whose positions have exactly these key attributes; a
     * cursor of another listing (another user's, or a feed cursor sent to a relationship listing) is an {@link
     * InvalidCursorException}.
     */
    public Map<String, AttributeValue> decode(String cursor, String userId, Set<String> keys) {
        Map<String, AttributeValue> position = decode(cursor);
        if (position != null
                && !(position.keySet().equals(keys)
                        && userId.equals(position.get("userId").s()))) {
            throw new InvalidCursorException("belongs to another listing");
        }
        return position;
    }

    public Map<String, AttributeValue> decode(String cursor) {
        if (cursor == null) {
            return null;
        }
        int dot = cursor.indexOf('.');
        try {
            if (dot < 0) {
                throw new InvalidCursorException("is malformed");
            }
            byte[] payload = DECODER.decode(cursor.substring(0, dot));
            byte[] signature = DECODER.decode(cursor.substring(dot + 1));
            if (!MessageDigest.isEqual(signature, sign(payload))) {
                throw new InvalidCursorException("was not issued by this service or has been altered");
            }
            JsonNode json = Contracts.json().readTree(payload);
            Map<String, AttributeValue> position = new LinkedHashMap<>();
            json.fields()
                    .forEachRemaining(f -> position.put(
                            f.getKey(), AttributeValue.fromS(f.getValue().asText())));
            return position;
        } catch (IllegalArgumentException e) {
            throw e instanceof InvalidCursorException ice ? ice : new InvalidCursorException("is malformed");
        } catch (IOException e) {
            throw new InvalidCursorException("is malformed");
        }
    }

    private byte[] sign(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.get().getBytes(UTF_8), "HmacSHA256"));
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
