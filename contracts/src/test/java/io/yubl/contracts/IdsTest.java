package io.yubl.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdsTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "u1\n",
                "u1 ",
                "a/b",
                "ü",
                "%20",
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
            })
    void these_are_no_ids_for_the_java_rule_nor_for_the_schema(String candidate) {
        assertThat(Ids.isValid(candidate)).isFalse();
        assertThat(schemaAccepts(candidate)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"u1", "A-b_9", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void these_are_ids_for_the_java_rule_and_for_the_schema(String candidate) {
        assertThat(Ids.isValid(candidate)).isTrue();
        assertThat(schemaAccepts(candidate)).isTrue();
    }

    private static boolean schemaAccepts(String id) {
        ObjectNode event = Contracts.json()
                .createObjectNode()
                .put("eventId", "e1")
                .put("type", "yubl-deleted")
                .put("version", 1)
                .put("occurredAt", "2026-11-22T09:15:00Z");
        event.putObject("correlation").put("x-correlation-id", "c");
        event.putObject("payload").put("yublId", id).put("authorId", "u1");
        return Contracts.validateEvent(event).stream().noneMatch(p -> p.path().equals("$.payload.yublId"));
    }
}
