package io.yubl.apis.notifications;

import io.yubl.contracts.Contracts;
import io.yubl.contracts.NotificationChanged;
import io.yubl.middleware.SqsDeadLetters;
import io.yubl.middleware.SqsMessageHandler;

/** push on Lambda: the notification-push SQS queue, fed by notify. */
public class PushNotificationsHandler extends SqsMessageHandler<NotificationChanged> {
    private static final PushNotifications PUSH = PushNotifications.fromEnvironment();

    public PushNotificationsHandler() {
        super(Contracts::decodeNotificationChanged, PUSH::process, SqsDeadLetters.fromEnvironment("PUSH_DLQ_URL"));
    }
}
