package io.yubl.processors.notifications;

import io.yubl.runtime.Environment;
import io.yubl.runtime.Metrics;
import io.yubl.stores.Dynamo;
import io.yubl.stores.notifications.Notification;
import io.yubl.stores.notifications.NotificationRepository;
import io.yubl.stores.users.Usernames;
import io.yubl.stores.users.Usernames.DigestRecipient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * email-digest: once a run (hourly), each user who asked for digests and has unread notifications whose latest
 * activity is at least {@code DIGEST_AFTER_HOURS} (default 4) old gets one email listing them. Each notification is
 * claimed before the email goes (as it stands: new activity makes it due again), so none is ever sent twice, however
 * runs overlap or retry; a failed email gives its claims back and the run fails, to be retried.
 */
public final class EmailDigests {
    private static final Logger LOG = LoggerFactory.getLogger(EmailDigests.class);

    private final Usernames users;
    private final NotificationRepository notifications;
    private final Mailer mailer;
    private final Duration after;

    public EmailDigests(Usernames users, NotificationRepository notifications, Mailer mailer, Duration after) {
        this.users = users;
        this.notifications = notifications;
        this.mailer = mailer;
        this.after = after;
    }

    public static EmailDigests fromEnvironment() {
        DynamoDbClient dynamodb = Dynamo.client();
        return new EmailDigests(
                Usernames.fromEnvironment(dynamodb),
                NotificationRepository.fromEnvironment(dynamodb),
                Mailer.fromEnvironment(),
                Duration.ofHours(Environment.integer("DIGEST_AFTER_HOURS", 4)));
    }

    /** What one run did. */
    public record Run(int recipients, int emailsSent, int notificationsSent, int emailsFailed) {}

    public Run run() {
        Instant cutoff = notifications.now().minus(after);
        List<DigestRecipient> recipients = users.digestRecipients();
        int sent = 0;
        int notified = 0;
        int failed = 0;
        for (DigestRecipient recipient : recipients) {
            List<Notification> claimed = notifications.dueForDigest(recipient.userId(), cutoff).stream()
                    .filter(notifications::claimForDigest)
                    .toList();
            if (claimed.isEmpty()) {
                continue;
            }
            try {
                mailer.send(recipient.email(), subject(claimed), text(claimed));
                sent++;
                notified += claimed.size();
            } catch (RuntimeException e) {
                claimed.forEach(notifications::releaseDigest);
                failed++;
                LOG.warn(
                        "digest to user {} not sent, its notifications go in the next run: {}",
                        recipient.userId(),
                        e.getMessage());
            }
        }
        Metrics.count("DigestsSent", sent);
        Metrics.count("DigestNotifications", notified);
        Metrics.count("DigestsFailed", failed);
        Run run = new Run(recipients.size(), sent, notified, failed);
        if (failed > 0) {
            throw new IllegalStateException(failed + " of " + (sent + failed) + " digests could not be sent: " + run);
        }
        return run;
    }

    static String subject(List<Notification> notifications) {
        int count = notifications.size();
        return "You have " + count + " unread notification" + (count == 1 ? "" : "s") + " on yubl";
    }

    static String text(List<Notification> notifications) {
        return notifications.stream().map(n -> "- " + n.summary()).collect(Collectors.joining("\n", "", "\n"))
                + "\nOpen yubl to read them. You get this email because you asked for digests of unread "
                + "notifications.\n";
    }
}
