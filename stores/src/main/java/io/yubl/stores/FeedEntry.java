package io.yubl.stores;

import java.time.Instant;

/** A yubl in one user's feed. */
public record FeedEntry(String userId, String yublId, String authorId, Instant postedAt) {

    /** The sort key: newest first when read backwards; the yubl id breaks ties of the same millisecond. */
    public String feedKey() {
        return SortableTime.format(postedAt) + "#" + yublId;
    }
}
