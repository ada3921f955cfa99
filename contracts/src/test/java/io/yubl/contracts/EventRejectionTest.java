package io.yubl.contracts;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EventRejectionTest {

    static Stream<Arguments> invalidEvents() {
        return StreamSupport.stream(Fixtures.tree("invalid-events.json").spliterator(), false)
                .map(c -> Arguments.of(Named.of(c.get("case").asText(), c.get("event")), paths(c.get("problems"))));
    }

    @ParameterizedTest
    @MethodSource("invalidEvents")
    void every_problem_is_reported_with_its_path(JsonNode event, List<String> expectedPaths) throws Exception {
        List<Problem> problems = Contracts.validateEvent(event);

        assertThat(problems.stream().map(Problem::path).distinct()).containsExactlyInAnyOrderElementsOf(expectedPaths);
        assertThat(problems).allSatisfy(p -> assertThat(p.message()).isNotBlank());

        // a reader reports the same, but for fields it does not know; a version newer than it reads comes first
        ContractViolation thrown = catchThrowableOfType(
                ContractViolation.class,
                () -> Contracts.decodeEvent(Contracts.json().writeValueAsBytes(event)));
        if (event.path("version").asInt() > Contracts.EVENT_VERSION) {
            assertThat(thrown)
                    .isInstanceOf(UnsupportedVersionException.class)
                    .hasMessageContaining(
                            "unsupported version " + event.path("version").asInt());
        } else {
            assertThat(thrown.problems())
                    .isEqualTo(problems.stream()
                            .filter(p -> !p.message().equals("is not a known field"))
                            .toList());
        }
    }

    @Test
    void a_problem_quotes_at_most_a_bounded_prefix_of_what_it_rejects() throws Exception {
        // Given an event whose correlation header name and value are each 20,000 characters
        String huge = "a".repeat(20_000);
        JsonNode event = Contracts.json().readTree("""
                {"eventId":"e1","type":"yubl-deleted","version":1,"occurredAt":"2026-11-22T09:15:00Z",
                 "correlation":{"x-correlation-id":"%s","x-correlation-%s":"c"},
                 "payload":{"yublId":"y1","authorId":"u1"}}
                """.formatted(huge, huge.toUpperCase()));

        // When
        List<Problem> problems = Contracts.validateEvent(event);

        // Then
        assertThat(problems)
                .isNotEmpty()
                .allSatisfy(p -> assertThat(p.toString().length()).isLessThanOrEqualTo(Problem.MAX_QUOTED * 2 + 64));
    }

    @Test
    void malformed_json_says_where_it_broke() {
        ContractViolation thrown = catchThrowableOfType(
                ContractViolation.class,
                () -> Contracts.decodeEvent("{\"eventId\": \"e1\",\n \"type\": ".getBytes(UTF_8)));

        assertThat(thrown.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("$");
            assertThat(p.message()).startsWith("is not valid JSON at line 2");
        });
    }

    @Test
    void an_empty_body_is_rejected() {
        assertThatThrownBy(() -> Contracts.decodeEvent(new byte[0]))
                .isInstanceOf(ContractViolation.class)
                .hasMessageContaining("is empty");
    }

    @Test
    void an_invalid_event_cannot_be_encoded() {
        EventEnvelope invalid = EventEnvelope.of(new UserJoined("u1", "x", "", "L"), Map.of("x-correlation-id", "c"));

        assertThatThrownBy(() -> Contracts.encodeEvent(invalid))
                .isInstanceOf(ContractViolation.class)
                .hasMessageContaining("$.payload.username")
                .hasMessageContaining("$.payload.firstName");
    }

    @Test
    void a_problem_names_the_field_to_fix() {
        assertThat(new Problem("$.payload.firstName", "is required").field()).isEqualTo("firstName");
    }

    private static List<String> paths(JsonNode array) {
        List<String> paths = new ArrayList<>();
        array.forEach(p -> paths.add(p.asText()));
        return paths;
    }
}
