package io.yubl.middleware;

import io.yubl.contracts.Contracts;
import io.yubl.contracts.CorrelationIds;
import io.yubl.contracts.EventEnvelope;
import io.yubl.contracts.EventPayload;
import io.yubl.contracts.EventType;
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
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What an event-fed function's first invocation would otherwise pay for, done while it initializes: the event
 * contracts (Jackson, the JSON Schema validator and the schemas the function reads) run once over a sample of each
 * event type it takes, or of the fan-out message. With SnapStart, which template.yaml turns on for every function,
 * initialization happens once, before the snapshot, so no cold start pays for it again. No network call: a restored
 * snapshot's connections are gone anyway. {@code YUBL_PRIMING=off} turns it off (the cold-start benchmark measures
 * with and without).
 */
public final class Priming {
    private static final AtomicBoolean DONE = new AtomicBoolean();
    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");
    private static final Map<EventType, EventPayload> SAMPLES = Map.of(
            EventType.USER_JOINED, new UserJoined("priming-user", "priming_user", "Priming", "User"),
            EventType.USER_PROFILE_UPDATED, new UserProfileUpdated("priming-user", "priming_user", "Priming", "User"),
            EventType.USER_FOLLOWED, new UserFollowed("priming-user", "priming-other"),
            EventType.USER_UNFOLLOWED, new UserUnfollowed("priming-user", "priming-other"),
            EventType.YUBL_POSTED, new YublPosted("priming-yubl", "priming-user", "priming", AT),
            EventType.YUBL_DELETED, new YublDeleted("priming-yubl", "priming-user"));

    private Priming() {}

    /** A Kinesis function's: a sample of each event type it takes, written and read as the stream carries it. */
    public static void events(Set<EventType> types) {
        if (due()) {
            for (EventType type : types) {
                Contracts.decodeEvent(Contracts.encodeEvent(
                        EventEnvelope.of(sampleOf(type), Map.of(CorrelationIds.HEADER, "priming"))));
            }
        }
    }

    /** An SQS function's: a fan-out message, written and read. */
    public static void fanout() {
        if (due()) {
            Contracts.decodeFanout(Contracts.encodeFanout(
                    new FeedFanoutMessage("priming-yubl", "priming-user", AT, List.of("priming-user"))));
        }
    }

    /** The sample of this event type that priming writes and reads. */
    static EventPayload sampleOf(EventType type) {
        return SAMPLES.get(type);
    }

    private static boolean due() {
        return !"off".equals(Environment.optional("YUBL_PRIMING", "on")) && DONE.compareAndSet(false, true);
    }
}
