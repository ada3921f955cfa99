package io.yubl.apis.notifications;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yubl.contracts.Contracts;
import io.yubl.stores.notifications.Notification;

/**
 * A notification as clients see it, in the API's listings and in the messages push sends: the same JSON both ways.
 * A class of its own so that push, which sends it, does not carry the API's cursors and their secret.
 */
final class NotificationView {
    static final int ACTORS_SHOWN = 3;

    private NotificationView() {}

    static ObjectNode json(Notification n, boolean seen) {
        ObjectNode json = Contracts.json().createObjectNode();
        json.put("id", n.id());
        json.put("kind", n.kind().wireName());
        json.put("summary", n.summary());
        json.put("count", n.count());
        var actors = json.putArray("actors");
        for (Notification.Actor actor : n.recentActors(ACTORS_SHOWN)) {
            ObjectNode a = actors.addObject().put("userId", actor.userId());
            a.put("username", actor.username());
            if (actor.yublId() != null) {
                a.put("yublId", actor.yublId());
            }
            a.put("at", actor.at().toString());
        }
        json.put("latestAt", n.latestAt().toString());
        json.put("seen", seen);
        json.put("read", n.read());
        return json;
    }
}
