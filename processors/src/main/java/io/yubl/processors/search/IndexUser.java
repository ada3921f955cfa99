package io.yubl.processors.search;

import io.yubl.contracts.UserJoined;
import io.yubl.contracts.UserProfileUpdated;
import io.yubl.middleware.EventRoutes;
import io.yubl.runtime.Metrics;
import io.yubl.stores.UserDocument;
import io.yubl.stores.UserIndex;

/**
 * index-user: puts users into the OpenSearch users index, searchable by first name, last name and username (prefix,
 * case- and accent-insensitive: see the mapping in contracts). Each document is versioned by its event's time, so a
 * stale profile never overwrites a newer one.
 */
public final class IndexUser {
    private final UserIndex index;

    public IndexUser(UserIndex index) {
        this.index = index;
    }

    public static IndexUser fromEnvironment() {
        UserIndex index = UserIndex.fromEnvironment();
        index.ensureExists();
        return new IndexUser(index);
    }

    /** The events it takes, and what it does with each. */
    public EventRoutes routes() {
        return EventRoutes.on(
                        UserJoined.class,
                        (joined, event) -> index(new UserDocument(
                                joined.userId(),
                                joined.username(),
                                joined.firstName(),
                                joined.lastName(),
                                event.occurredAt())))
                .and(
                        UserProfileUpdated.class,
                        (updated, event) -> index(new UserDocument(
                                updated.userId(),
                                updated.username(),
                                updated.firstName(),
                                updated.lastName(),
                                event.occurredAt())));
    }

    private void index(UserDocument user) {
        if (!index.put(user)) {
            Metrics.count("StaleEventsIgnored", 1);
        }
    }
}
