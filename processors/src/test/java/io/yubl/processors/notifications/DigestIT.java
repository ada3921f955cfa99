package io.yubl.processors.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.yubl.contracts.Contracts;
import io.yubl.localcloud.client.AwsClients;
import io.yubl.localcloud.client.LocalEndpoints;
import io.yubl.localcloud.client.RunningPipeline;
import io.yubl.stores.notifications.NotificationRepository;
import io.yubl.stores.users.Usernames;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Email digests against the local cloud's DynamoDB and SES emulator (aws-ses-v2-local), the digest run in this JVM
 * with its clock 5 hours ahead, so that today's notifications are old enough (DIGEST_AFTER_HOURS is 4).
 */
class DigestIT {
    private static final RunningPipeline pipeline = RunningPipeline.shared();

    static {
        // credentials and a region, as a function has them: the SES emulator, like SES, refuses unsigned requests
        AwsClients.useLocalEndpointsByDefault();
    }

    private static final Duration AHEAD = Duration.ofHours(5);
    private final Usernames users = new Usernames(pipeline.dynamodb, pipeline.ref("UsernamesTable"));
    private final NotificationRepository notifications = new NotificationRepository(
            pipeline.dynamodb,
            pipeline.ref("NotificationsTable"),
            Duration.ofDays(30),
            Clock.offset(Clock.systemUTC(), AHEAD));
    private final Mailer ses = new Mailer(LocalEndpoints.ses().toString(), "notifications@example.com");

    private EmailDigests digests(Mailer mailer) {
        return new EmailDigests(users, notifications, mailer, Duration.ofHours(4));
    }

    private String joinWithEmail(String name, String email, boolean digests) {
        String username = name.toLowerCase() + UUID.randomUUID().toString().substring(0, 6);
        return pipeline.call(
                        "POST",
                        "/legacy/users",
                        null,
                        "{\"username\":\"" + username + "\",\"firstName\":\"" + name
                                + "\",\"lastName\":\"Tester\",\"email\":\"" + email + "\",\"emailDigests\":" + digests
                                + "}")
                .get("userId")
                .asText();
    }

    /** The emails the SES emulator holds for this address. */
    private static List<JsonNode> emailsTo(String address) throws Exception {
        HttpResponse<String> store = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(LocalEndpoints.ses() + "/store"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        List<JsonNode> emails = new ArrayList<>();
        for (JsonNode email : Contracts.json().readTree(store.body()).get("emails")) {
            for (JsonNode to : email.path("destination").path("to")) {
                if (to.asText().equals(address)) {
                    emails.add(email);
                }
            }
        }
        return emails;
    }

    @Test
    void a_user_who_asked_gets_one_digest_of_their_unread_notifications_and_never_the_same_one_twice()
            throws Exception {
        // Given Grace, who asked for digests, and Hal, who gave his email but did not; both were followed
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String graceEmail = "grace-" + tag + "@example.com";
        String halEmail = "hal-" + tag + "@example.com";
        String grace = joinWithEmail("Grace", graceEmail, true);
        String hal = joinWithEmail("Hal", halEmail, false);
        String fan = pipeline.join("Fan");
        pipeline.follow(fan, grace);
        pipeline.follow(fan, hal);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> users.digestRecipients().stream()
                                .anyMatch(r -> r.userId().equals(grace))
                        && !notifications.page(grace, 10, null).items().isEmpty()
                        && !notifications.page(hal, 10, null).items().isEmpty());

        // When the digest runs, twice
        digests(ses).run();
        digests(ses).run();

        // Then Grace has one email, listing her notification; Hal none
        List<JsonNode> toGrace = emailsTo(graceEmail);
        assertThat(toGrace).hasSize(1);
        assertThat(toGrace.get(0).path("subject").asText()).isEqualTo("You have 1 unread notification on yubl");
        assertThat(toGrace.get(0).path("body").path("text").asText()).contains("followed you");
        assertThat(emailsTo(halEmail)).isEmpty();
    }

    @Test
    void a_digest_ses_refused_is_sent_by_the_next_run_once() throws Exception {
        // Given Ivy, who asked for digests and was followed
        String email = "ivy-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String ivy = joinWithEmail("Ivy", email, true);
        pipeline.follow(pipeline.join("Fan"), ivy);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> users.digestRecipients().stream()
                                .anyMatch(r -> r.userId().equals(ivy))
                        && !notifications.page(ivy, 10, null).items().isEmpty());

        // When a run finds SES unreachable (nothing listens on port 9), then the next finds it back
        assertThatThrownBy(() -> digests(new Mailer("http://127.0.0.1:9", "notifications@example.com"))
                        .run())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("could not be sent");
        assertThat(emailsTo(email)).isEmpty();
        digests(ses).run();
        digests(ses).run();

        // Then
        assertThat(emailsTo(email)).hasSize(1);
    }
}
