package io.yubl.stores.notifications;

import java.util.Arrays;
import java.util.Optional;

/** What a notification tells its owner; the wire name is part of the notification's id and of the API. */
public enum NotificationKind {
    FOLLOWED("followed", "followed you"),
    MENTIONED("mentioned", "mentioned you");

    private final String wireName;
    private final String verb;

    NotificationKind(String wireName, String verb) {
        this.wireName = wireName;
        this.verb = verb;
    }

    public String wireName() {
        return wireName;
    }

    /** The end of the sentence: "Ada and 3 others " + verb. */
    public String verb() {
        return verb;
    }

    public static Optional<NotificationKind> of(String wireName) {
        return Arrays.stream(values()).filter(k -> k.wireName.equals(wireName)).findFirst();
    }
}
