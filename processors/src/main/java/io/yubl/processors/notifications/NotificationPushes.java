package io.yubl.processors.notifications;

import io.yubl.contracts.Contracts;
import io.yubl.contracts.NotificationChanged;
import io.yubl.middleware.SqsAttributes;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Tells the push function that a user's notification changed (SQS, with the correlation ids as attributes). */
public final class NotificationPushes {
    private final SqsClient sqs;
    private final String queueUrl;

    public NotificationPushes(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    public void changed(String userId, String notificationId) {
        sqs.sendMessage(r -> r.queueUrl(queueUrl)
                .messageBody(Contracts.encodeNotificationChanged(new NotificationChanged(userId, notificationId)))
                .messageAttributes(SqsAttributes.correlation()));
    }
}
