package io.yubl.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.yubl.contracts.EventEnvelope;
import io.yubl.contracts.EventType;
import io.yubl.contracts.UserJoined;
import io.yubl.contracts.YublDeleted;
import io.yubl.contracts.YublPosted;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventRoutesTest {

    @Test
    void each_event_goes_to_the_processor_of_its_type_typed_and_a_type_without_a_route_is_skipped() throws Exception {
        // Given routes for yubl-posted and yubl-deleted
        List<String> seen = new ArrayList<>();
        EventRoutes routes = EventRoutes.on(YublPosted.class, (posted, event) -> seen.add("posted " + posted.text()))
                .and(
                        YublDeleted.class,
                        (deleted, event) -> seen.add("deleted " + deleted.yublId() + " " + event.eventId()));
        EventEnvelope posted = EventEnvelope.of(new YublPosted("y1", "u1", "hello", Instant.EPOCH), Map.of());
        EventEnvelope deleted = EventEnvelope.of(new YublDeleted("y1", "u1"), Map.of());
        EventEnvelope joined = EventEnvelope.of(new UserJoined("u2", "ada", "Ada", "Lovelace", null, null), Map.of());

        // When each event is routed
        List<Boolean> routed = List.of(routes.process(posted), routes.process(deleted), routes.process(joined));

        // Then each went to its own processor, with its payload and envelope, and user-joined to none
        assertThat(routed).containsExactly(true, true, false);
        assertThat(seen).containsExactly("posted hello", "deleted y1 " + deleted.eventId());
        assertThat(routes.types()).containsExactlyInAnyOrder(EventType.YUBL_POSTED, EventType.YUBL_DELETED);
    }

    @Test
    void a_type_routed_twice_is_an_error_that_names_it() {
        // Given a route for yubl-posted
        EventRoutes routes = EventRoutes.on(YublPosted.class, (posted, event) -> {});

        // When it is routed again, Then the mistake is named
        assertThatThrownBy(() -> routes.and(YublPosted.class, (posted, event) -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("yubl-posted is routed twice");
    }
}
