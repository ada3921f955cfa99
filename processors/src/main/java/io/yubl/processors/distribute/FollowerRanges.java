package io.yubl.processors.distribute;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Where to cut an author's followers, listed in id order, into walks side by side, as a parallel scan cuts a table:
 * the ids between the last one of the first page and the last follower are read as numbers whose digits are the
 * characters the first page's ids use (in byte order, as DynamoDB orders sort keys: UUIDs use 17, numbered ids a few
 * more), and the span between them is cut into equal parts. The cuts are ids themselves (the relationship API takes
 * them as bounds). However the ids are spread, the walks between the cuts cover every follower once; the parts are
 * even when the ids spread evenly over the span, as UUIDs and numbered ids do.
 */
final class FollowerRanges {
    /** The id alphabet of {@code Ids}, in byte order. */
    static final String ALPHABET = "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";

    private static final int MAX_ID_LENGTH = 64;

    private FollowerRanges() {}

    /**
     * Up to {@code walks - 1} cuts, each an id, strictly increasing, after the first page's last id and no later than
     * {@code last}: walk 0 reads from the first page's end to the first cut, walk i from cut i to the next, the last
     * walk from the last cut on. Fewer cuts when the span is too narrow to cut that often; none when {@code last} is
     * not after the first page's end.
     */
    static List<String> cuts(List<String> firstPage, String last, int walks) {
        String after = firstPage.get(firstPage.size() - 1);
        String digits = digits(firstPage, last);
        BigInteger base = BigInteger.valueOf(digits.length());
        int length = Math.min(MAX_ID_LENGTH, Math.max(after.length(), last.length()) + 1);
        BigInteger from = value(after, length, digits, base);
        BigInteger span = value(last, length, digits, base).subtract(from);
        List<String> cuts = new ArrayList<>();
        String previous = after;
        for (int i = 1; i < walks && span.signum() > 0; i++) {
            BigInteger at = from.add(span.multiply(BigInteger.valueOf(i)).divide(BigInteger.valueOf(walks)));
            String cut = id(at, length, digits, base);
            if (cut.compareTo(previous) > 0 && cut.compareTo(last) <= 0) {
                cuts.add(cut);
                previous = cut;
            }
        }
        return cuts;
    }

    /** The characters the ids use, in byte order; every one of them must be an id's. */
    private static String digits(List<String> firstPage, String last) {
        TreeSet<Character> used = new TreeSet<>();
        for (String id : firstPage) {
            id.chars().forEach(c -> used.add((char) c));
        }
        last.chars().forEach(c -> used.add((char) c));
        StringBuilder digits = new StringBuilder(used.size());
        for (char c : used) {
            if (ALPHABET.indexOf(c) < 0) {
                throw new IllegalArgumentException("not an id's character: '" + c + "'");
            }
            digits.append(c);
        }
        return digits.toString();
    }

    /** The id as a number of {@code length} digits, padded with the lowest digit. */
    private static BigInteger value(String id, int length, String digits, BigInteger base) {
        BigInteger value = BigInteger.ZERO;
        for (int i = 0; i < length; i++) {
            int digit = i < id.length() ? digits.indexOf(id.charAt(i)) : 0;
            value = value.multiply(base).add(BigInteger.valueOf(digit));
        }
        return value;
    }

    /** The number as an id of at most {@code length} characters, without the padding at its end. */
    private static String id(BigInteger value, int length, String digits, BigInteger base) {
        char[] chars = new char[length];
        BigInteger rest = value;
        for (int i = length - 1; i >= 0; i--) {
            BigInteger[] quotientAndRemainder = rest.divideAndRemainder(base);
            chars[i] = digits.charAt(quotientAndRemainder[1].intValue());
            rest = quotientAndRemainder[0];
        }
        int end = length;
        while (end > 1 && chars[end - 1] == digits.charAt(0)) {
            end--;
        }
        return new String(chars, 0, end);
    }
}
