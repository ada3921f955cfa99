package io.yubl.contracts;

/**
 * One thing wrong with a message: where (a JSON path such as {@code $.payload.firstName}) and what. Each part quotes at
 * most {@value #MAX_QUOTED} characters of what it rejects (then says how long it was), so that an error answer or a
 * dead letter never echoes a megabyte of garbage back. {@value #MAX_QUOTED} is the longest correlation id the envelope
 * admits, so a valid one is always echoed whole.
 */
public record Problem(String path, String message) {
    public static final int MAX_QUOTED = 256;

    public Problem {
        path = quote(path);
        message = quote(message);
    }

    /** The text, or its first {@value #MAX_QUOTED} characters and how long it was. */
    public static String quote(String text) {
        return text == null || text.length() <= MAX_QUOTED
                ? text
                : text.substring(0, MAX_QUOTED) + "... (" + text.length() + " characters)";
    }

    /** The last name in the path: the field a caller would fix. */
    public String field() {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
