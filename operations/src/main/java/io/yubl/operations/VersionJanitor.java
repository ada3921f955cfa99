package io.yubl.operations;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which published versions of a function may go: every deploy publishes one (AutoPublishAlias), and a region's code
 * storage is capped, so old ones must be deleted. A version stays if it is among the newest {@code keep}, or if any
 * alias points to it, with its main version or its weighted routing (a canary in progress).
 */
public final class VersionJanitor {
    private VersionJanitor() {}

    /** An alias: the version it points to and the versions its routing config sends part of the traffic to. */
    public record Alias(String name, String version, Set<String> weightedVersions) {}

    /** The versions to delete, oldest first. {@code $LATEST} is never one. */
    public static List<String> deletable(Collection<String> versions, Collection<Alias> aliases, int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep at least the newest version, was asked to keep " + keep);
        }
        Set<String> aliased = aliases.stream()
                .flatMap(a -> Stream.concat(Stream.of(a.version()), a.weightedVersions().stream()))
                .collect(Collectors.toSet());
        List<Long> published = versions.stream()
                .filter(v -> v.matches("\\d+"))
                .map(Long::parseLong)
                .sorted(Comparator.reverseOrder())
                .toList();
        return published.stream()
                .skip(keep)
                .map(String::valueOf)
                .filter(v -> !aliased.contains(v))
                .sorted(Comparator.comparingLong(Long::parseLong))
                .toList();
    }
}
