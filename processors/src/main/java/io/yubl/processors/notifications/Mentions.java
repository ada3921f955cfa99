package io.yubl.processors.notifications;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The usernames a yubl's text mentions: {@code @name} where name is a username (2 to 30 letters, digits, '_' or '.')
 * not preceded by a username character or '@' (so "bob@example.com" mentions nobody). A mention that ends a sentence
 * ("hi @ada.") is read both with and without its trailing dots, since usernames may end in one. At most {@link
 * #MAX_PER_YUBL} distinct mentions are read from one yubl: the rest of a yubl that names a crowd notifies nobody.
 */
public final class Mentions {
    public static final int MAX_PER_YUBL = 10;
    private static final Pattern MENTION = Pattern.compile("(?<![A-Za-z0-9_.@])@([A-Za-z0-9_.]{2,30})");

    private Mentions() {}

    /** The candidate usernames, in order of appearance (each mention gives one or two candidates). */
    public static Set<String> in(String text) {
        Set<String> candidates = new LinkedHashSet<>();
        Set<String> mentions = new LinkedHashSet<>();
        Matcher matcher = MENTION.matcher(text);
        while (matcher.find() && mentions.size() < MAX_PER_YUBL) {
            String name = matcher.group(1);
            String trimmed = name.replaceAll("\\.+$", "");
            if (mentions.add(trimmed.toLowerCase(Locale.ROOT))) {
                if (trimmed.length() >= 2) {
                    candidates.add(trimmed);
                }
                candidates.add(name);
            }
        }
        return candidates;
    }
}
