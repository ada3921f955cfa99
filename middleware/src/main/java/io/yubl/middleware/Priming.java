package io.yubl.middleware;

import io.yubl.contracts.Contracts;
import io.yubl.contracts.CorrelationIds;
import io.yubl.contracts.EventEnvelope;
import io.yubl.contracts.EventPayload;
import io.yubl.contracts.FeedFanoutMessage;
import io.yubl.contracts.UserFollowed;
import io.yubl.contracts.UserJoined;
import io.yubl.contracts.UserProfileUpdated;
import io.yubl.contracts.UserUnfollowed;
import io.yubl.contracts.YublDeleted;
import io.yubl.contracts.YublPosted;
import io.yubl.runtime.Environment;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What an event-fed function's first invocation would otherwise pay for, done while it initializes: the event
 * contracts (Jackson, the JSON Schema validator and every schema) run once over a sample of each event type and of
 * the fan-out message. With SnapStart, which template.yaml turns on for every function, initialization happens once,
 * before the snapshot, so no cold start pays for it again. No network call: a restored snapshot's connections are
 * gone anyway. {@code YUBL_PRIMING=off} turns it off (the cold-start benchmark measures with and without).
 */
public final class Priming {
    private static final AtomicBoolean DONE = new AtomicBoolean();

    private Priming() {}

    public static void contracts() {
        if ("off".equals(Environment.optional("YUBL_PRIMING", "on")) || !DONE.compareAndSet(false, true)) {
            return;
        }
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        List<EventPayload> samples = List.of(
                new UserJoined("priming-user", "priming_user", "Priming", "User"),
                new UserProfileUpdated("priming-user", "priming_user", "Priming", "User"),
                new UserFollowed("priming-user", "priming-other"),
                new UserUnfollowed("priming-user", "priming-other"),
                new YublPosted("priming-yubl", "priming-user", "priming", at),
                new YublDeleted("priming-yubl", "priming-user"));
        for (EventPayload sample : samples) {
            Contracts.decodeEvent(
                    Contracts.encodeEvent(EventEnvelope.of(sample, Map.of(CorrelationIds.HEADER, "priming"))));
        }
        Contracts.decodeFanout(Contracts.encodeFanout(
                new FeedFanoutMessage("priming-yubl", "priming-user", at, List.of("priming-user"))));
    }
}
