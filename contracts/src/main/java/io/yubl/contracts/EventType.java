package io.yubl.contracts;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** Every event type on the stream, by its wire name, with the payload type and the schema that describe it. */
public enum EventType {
    USER_JOINED("user-joined", UserJoined.class),
    USER_PROFILE_UPDATED("user-profile-updated", UserProfileUpdated.class),
    USER_FOLLOWED("user-followed", UserFollowed.class),
    USER_UNFOLLOWED("user-unfollowed", UserUnfollowed.class),
    YUBL_POSTED("yubl-posted", YublPosted.class),
    YUBL_DELETED("yubl-deleted", YublDeleted.class);

    private final String wireName;
    private final Class<? extends EventPayload> payloadType;

    EventType(String wireName, Class<? extends EventPayload> payloadType) {
        this.wireName = wireName;
        this.payloadType = payloadType;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public Class<? extends EventPayload> payloadType() {
        return payloadType;
    }

    /** Where the JSON Schema of this type's payload is, under {@code /schemas} on the classpath. */
    String payloadSchema() {
        return "events/" + wireName + ".schema.json";
    }

    public static Optional<EventType> fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }

    public static EventType of(EventPayload payload) {
        return Arrays.stream(values())
                .filter(t -> t.payloadType.isInstance(payload))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no event type for " + payload.getClass()));
    }
}
