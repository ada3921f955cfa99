package io.yubl.middleware;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.ByteBuffer;
import java.util.Base64;

/** A stream record's bytes, and how a dead letter shows them. */
public final class RecordData {
    private RecordData() {}

    /** The buffer's remaining bytes, without moving it. */
    public static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }

    /** The record as text when it is UTF-8, else base64 (prefixed), so a dead letter shows what arrived. */
    public static String printable(byte[] data) {
        String text = new String(data, UTF_8);
        return text.contains("\uFFFD") ? "base64:" + Base64.getEncoder().encodeToString(data) : text;
    }
}
