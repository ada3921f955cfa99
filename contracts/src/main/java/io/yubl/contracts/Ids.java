package io.yubl.contracts;

import java.util.regex.Pattern;

/**
 * What an id is (a user's, a yubl's, an event's): 1 to 64 of {@code A-Z a-z 0-9 _ -}, the rule of {@code
 * defs.schema.json} for code that checks an id outside an event, such as an API's path parameters. Anchored with {@code
 * \A} and {@code \z}: Java's {@code $} would also match before a final newline.
 */
public final class Ids {
    private static final Pattern ID = Pattern.compile("\\A[A-Za-z0-9_-]{1,64}\\z");

    /** What a caller is told when an id breaks the rule. */
    public static final String RULE = "must be 1 to 64 characters of A-Z, a-z, 0-9, '_' and '-'";

    private Ids() {}

    public static boolean isValid(String id) {
        return id != null && ID.matcher(id).matches();
    }
}
