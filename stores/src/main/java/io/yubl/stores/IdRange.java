package io.yubl.stores;

/**
 * Which part of a listing, by the ids it lists (in their byte order, as DynamoDB orders sort keys): from {@code from}
 * (included) up to {@code before} (left out), either of them open when null; and in which direction it is read.
 * Fan-outs walk a large follower listing in several ranges side by side, and read its last id to cut it.
 */
public record IdRange(String from, String before, boolean descending) {
    public static final IdRange ALL = new IdRange(null, null, false);
    /** The whole listing, last id first. */
    public static final IdRange ALL_DESCENDING = new IdRange(null, null, true);

    /** Whether no id can be in it: it ends before it starts. */
    public boolean isEmpty() {
        return from != null && before != null && from.compareTo(before) >= 0;
    }

    /** Whether the id is before the range's start or past its end. */
    boolean outside(String id) {
        return from != null && id.compareTo(from) < 0 || before != null && id.compareTo(before) > 0;
    }

    /** Whether the id is at or past the range's end ({@code before} is left out). */
    boolean endsBefore(String id) {
        return before != null && id.compareTo(before) >= 0;
    }
}
