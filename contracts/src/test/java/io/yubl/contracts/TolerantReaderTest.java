package io.yubl.contracts;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Tolerant readers, strict writers: a producer deployed before its consumers (or after) must not send their events
 * to the dead-letter queue for a field they do not know yet, and a version they cannot read is said to be that.
 */
class TolerantReaderTest {
    private static final Path RELEASED = Path.of("src/test/resources/fixtures/events");

    @Test
    void a_reader_skips_fields_it_does_not_know_in_the_envelope_and_the_payload() throws Exception {
        // Given a released yubl-posted with one field more in the envelope and one in the payload
        ObjectNode event = (ObjectNode) Fixtures.tree("events/v1/yubl-posted.json");
        event.put("traceFlags", "01");
        ((ObjectNode) event.get("payload")).put("language", "en");

        // When a v1 reader reads it
        EventEnvelope read = Contracts.decodeEvent(Contracts.json().writeValueAsBytes(event));

        // Then it has everything it knows
        EventEnvelope released = Contracts.decodeEvent(Fixtures.bytes("events/v1/yubl-posted.json"));
        assertThat(read).isEqualTo(released);
    }

    @Test
    void a_writer_refuses_the_fields_its_contract_does_not_have() throws Exception {
        ObjectNode event = (ObjectNode) Fixtures.tree("events/v1/user-joined.json");
        ((ObjectNode) event.get("payload")).put("nickname", "Ada");

        assertThat(Contracts.validateEvent(event))
                .containsExactly(new Problem("$.payload.nickname", "is not a known field"));
    }

    @Test
    void an_event_of_a_version_newer_than_the_reader_is_unsupported_not_invalid() throws Exception {
        // Given a version 2 event, with a field version 1 does not have
        ObjectNode event = (ObjectNode) Fixtures.tree("events/v1/user-joined.json");
        event.put("version", 2);
        ((ObjectNode) event.get("payload")).put("pronouns", "she/her");

        // When / Then
        assertThatThrownBy(() -> Contracts.decodeEvent(Contracts.json().writeValueAsBytes(event)))
                .isInstanceOf(UnsupportedVersionException.class)
                .hasMessage("event has unsupported version 2; this code reads versions up to 1")
                .satisfies(e ->
                        assertThat(((UnsupportedVersionException) e).version()).isEqualTo(2));
    }

    @Test
    void a_fanout_message_with_a_field_the_reader_does_not_know_is_read() throws Exception {
        ObjectNode message = (ObjectNode) Fixtures.tree("feed-fanout.json");
        message.put("priority", "high");

        FeedFanoutMessage read = Contracts.decodeFanout(message.toString());

        assertThat(read).isEqualTo(Contracts.decodeFanout(new String(Fixtures.bytes("feed-fanout.json"), UTF_8)));
    }

    @Test
    void every_released_fixture_of_every_event_type_stays_readable() throws IOException {
        // Given the golden fixtures: one directory per released version, one file per event type
        List<Path> versions;
        try (Stream<Path> dirs = Files.list(RELEASED)) {
            versions = dirs.filter(Files::isDirectory).sorted().toList();
        }
        assertThat(versions).extracting(p -> p.getFileName().toString()).contains("v" + Contracts.EVENT_VERSION);

        for (Path version : versions) {
            for (EventType type : EventType.values()) {
                // When this code reads each one / Then it is the event of that type (a schema change that breaks a
                // released event fails here: that is how a reviewer sees a breaking change)
                Path fixture = version.resolve(type.wireName() + ".json");
                assertThat(fixture).as("released fixture " + fixture).exists();
                EventEnvelope event = Contracts.decodeEvent(Files.readAllBytes(fixture));
                assertThat(event.type()).isEqualTo(type);
                assertThat(event.version())
                        .isEqualTo(Integer.parseInt(
                                version.getFileName().toString().substring(1)));
            }
        }
    }

    @Test
    void the_optional_email_fields_round_trip_and_events_without_them_still_read() throws Exception {
        // Given a user-joined with an email and digests asked for, and the released one without
        byte[] withEmail = Fixtures.bytes("events/v1/user-joined-with-email.json");
        byte[] without = Fixtures.bytes("events/v1/user-joined.json");

        // When
        UserJoined grace = (UserJoined) Contracts.decodeEvent(withEmail).payload();
        UserJoined ada = (UserJoined) Contracts.decodeEvent(without).payload();

        // Then
        assertThat(grace.email()).isEqualTo("grace@example.com");
        assertThat(grace.emailDigests()).isTrue();
        assertThat(Contracts.json().readTree(Contracts.encodeEvent(Contracts.decodeEvent(withEmail))))
                .isEqualTo(Contracts.json().readTree(withEmail));
        assertThat(ada.email()).isNull();
        assertThat(ada.emailDigests()).isNull();
        assertThat(Contracts.json().readTree(Contracts.encodeEvent(Contracts.decodeEvent(without))))
                .as("no email: the fields are not written at all")
                .isEqualTo(Contracts.json().readTree(without));
    }

    @Test
    void digests_without_an_email_or_a_malformed_email_break_the_contract() throws Exception {
        ObjectNode noEmail = (ObjectNode) Fixtures.tree("events/v1/user-joined-with-email.json");
        ((ObjectNode) noEmail.get("payload")).remove("email");
        ObjectNode badEmail = (ObjectNode) Fixtures.tree("events/v1/user-joined-with-email.json");
        ((ObjectNode) badEmail.get("payload")).put("email", "grace at example");

        assertThat(Contracts.validateEvent(noEmail))
                .containsExactly(new Problem("$.payload.email", "is required when emailDigests is given"));
        assertThat(Contracts.validateEvent(badEmail)).extracting(Problem::path).containsExactly("$.payload.email");
    }
}
