package io.yubl.processors.feed;

/**
 * When a feed is trimmed back to its cap: for about one write in {@code every}, chosen by a hash of the feed and the
 * yubl, so that the choice is the same on a redelivery and spread evenly over feeds.
 */
public record FeedTrimming(int cap, int every) {
    public FeedTrimming {
        if (cap < 1 || every < 1) {
            throw new IllegalArgumentException("cap and every must be at least 1, were " + cap + " and " + every);
        }
    }

    public boolean isDue(String userId, String yublId) {
        return Math.floorMod((userId + "/" + yublId).hashCode(), every) == 0;
    }
}
