package io.yubl.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import io.yubl.contracts.Contracts;
import io.yubl.contracts.CorrelationIds;
import io.yubl.contracts.EventEnvelope;
import io.yubl.contracts.EventPayload;
import io.yubl.contracts.EventType;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PrimingTest {
    @ParameterizedTest
    @EnumSource(EventType.class)
    void every_event_type_has_a_sample_of_that_type_that_meets_its_contract(EventType type) {
        // Given the sample a Kinesis function taking this type is primed with
        EventPayload sample = Priming.sampleOf(type);

        // When it is checked as the stream would carry it
        var problems = Contracts.validateEvent(EventEnvelope.of(sample, Map.of(CorrelationIds.HEADER, "priming")));

        // Then it is of that type, and valid
        assertThat(EventType.of(sample)).isEqualTo(type);
        assertThat(problems).isEmpty();
    }
}
