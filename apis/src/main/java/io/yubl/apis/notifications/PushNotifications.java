package io.yubl.apis.notifications;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yubl.contracts.Contracts;
import io.yubl.contracts.NotificationChanged;
import io.yubl.runtime.Metrics;
import io.yubl.stores.Dynamo;
import io.yubl.stores.notifications.Connections;
import io.yubl.stores.notifications.Notification;
import io.yubl.stores.notifications.NotificationRepository;
import io.yubl.stores.notifications.NotificationRepository.Counts;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * push: sends a changed notification, as it now stands, to each of its owner's open WebSockets, with the owner's
 * counts; a connection API Gateway says is gone (410) is forgotten. The message is the whole state, not a delta, so a
 * redelivered one is harmless. Message: {@code {"type":"notification","id":…,"notification":{…as GET /notifications
 * shows it…} or null once withdrawn,"unseen":n,"unread":n}}.
 */
public final class PushNotifications {
    private final NotificationRepository notifications;
    private final Connections connections;
    private final WebSocketPush push;

    public PushNotifications(NotificationRepository notifications, Connections connections, WebSocketPush push) {
        this.notifications = notifications;
        this.connections = connections;
        this.push = push;
    }

    public static PushNotifications fromEnvironment() {
        DynamoDbClient dynamodb = Dynamo.client();
        return new PushNotifications(
                NotificationRepository.fromEnvironment(dynamodb),
                Connections.fromEnvironment(dynamodb),
                WebSocketPush.fromEnvironment());
    }

    public void process(NotificationChanged changed) {
        List<String> open = connections.of(changed.userId());
        if (open.isEmpty()) {
            Metrics.count("PushesWithoutConnection", 1);
            return;
        }
        String message = message(changed);
        int gone = 0;
        for (String connectionId : open) {
            if (push.post(connectionId, message) == WebSocketPush.Outcome.GONE) {
                connections.close(connectionId);
                gone++;
            }
        }
        Metrics.count("PushesDelivered", open.size() - gone);
        Metrics.count("ConnectionsGone", gone);
    }

    private String message(NotificationChanged changed) {
        Optional<Notification> notification = notifications.get(changed.userId(), changed.notificationId());
        String watermark = notifications.seenUpTo(changed.userId());
        Counts counts = notifications.counts(changed.userId(), watermark);
        ObjectNode message = Contracts.json().createObjectNode();
        message.put("type", "notification");
        message.put("id", changed.notificationId());
        if (notification.isPresent()) {
            message.set(
                    "notification",
                    NotificationView.json(
                            notification.get(), NotificationRepository.seen(notification.get(), watermark)));
        } else {
            message.putNull("notification");
        }
        message.put("unseen", counts.unseen());
        message.put("unread", counts.unread());
        return message.toString();
    }
}
