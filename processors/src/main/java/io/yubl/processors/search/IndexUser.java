package io.yubl.processors.search;

import io.yubl.contracts.EventEnvelope;
import io.yubl.contracts.UserJoined;
import io.yubl.contracts.UserProfileUpdated;
import io.yubl.middleware.Metrics;
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

    public void process(EventEnvelope event) {
        UserDocument user;
        if (event.payload() instanceof UserJoined joined) {
            user = new UserDocument(joined.userId(), joined.username(), joined.firstName(), joined.lastName(), event.occurredAt());
        } else if (event.payload() instanceof UserProfileUpdated updated) {
            user = new UserDocument(updated.userId(), updated.username(), updated.firstName(), updated.lastName(), event.occurredAt());
        } else {
            return;
        }
        if (!index.put(user)) {
            Metrics.count("StaleEventsIgnored", 1);
        }
    }
}
