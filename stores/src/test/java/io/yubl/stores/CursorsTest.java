package io.yubl.stores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class CursorsTest {
    private final Cursors cursors = new Cursors("test-secret");
    private final Map<String, AttributeValue> position =
            Map.of("userId", AttributeValue.fromS("u1"), "relation", AttributeValue.fromS("follower#u2"));

    @Test
    void a_cursor_gives_back_its_position() {
        assertThat(cursors.decode(cursors.encode(position))).isEqualTo(position);
        assertThat(cursors.encode(null)).isNull();
        assertThat(cursors.decode(null)).isNull();
    }

    @Test
    void a_tampered_cursor_is_refused() {
        String cursor = cursors.encode(position);
        String forged = cursors.encode(
                Map.of("userId", AttributeValue.fromS("u9"), "relation", AttributeValue.fromS("follower#u2")));
        String spliced = forged.substring(0, forged.indexOf('.')) + cursor.substring(cursor.indexOf('.'));

        assertThatThrownBy(() -> cursors.decode(spliced))
                .isInstanceOf(InvalidCursorException.class)
                .hasMessageContaining("altered");
        assertThatThrownBy(() -> new Cursors("another-secret").decode(cursor))
                .isInstanceOf(InvalidCursorException.class);
    }

    @Test
    void garbage_is_refused_as_malformed() {
        assertThatThrownBy(() -> cursors.decode("not-a-cursor"))
                .isInstanceOf(InvalidCursorException.class)
                .hasMessageContaining("malformed");
        assertThatThrownBy(() -> cursors.decode("%%%.$$$")).isInstanceOf(InvalidCursorException.class);
    }

    @Test
    void sortable_times_sort_as_instants_do() {
        String whole = SortableTime.format(Instant.parse("2026-11-22T09:19:00Z"));
        String later = SortableTime.format(Instant.parse("2026-11-22T09:19:00.001Z"));

        assertThat(whole).isEqualTo("2026-11-22T09:19:00.000Z");
        assertThat(later).isGreaterThan(whole);
        assertThat(SortableTime.parse(later)).isEqualTo(Instant.parse("2026-11-22T09:19:00.001Z"));
    }

    @Test
    void a_cursor_of_another_listing_is_refused_never_read() {
        // Given a feed cursor, and a position a forger signed with the secret but without the keys
        String feedCursor =
                cursors.encode(Map.of("userId", AttributeValue.fromS("u1"), "feedKey", AttributeValue.fromS("k")));
        String keyless = cursors.encode(Map.of("feedKey", AttributeValue.fromS("k")));
        String relationCursor = cursors.encode(position);

        // Then
        assertThatThrownBy(() -> cursors.decode(feedCursor, "u1", Set.of("userId", "relation")))
                .isInstanceOf(InvalidCursorException.class)
                .hasMessageContaining("another listing");
        assertThatThrownBy(() -> cursors.decode(keyless, "u1", Set.of("userId", "feedKey")))
                .isInstanceOf(InvalidCursorException.class)
                .hasMessageContaining("another listing");
        assertThatThrownBy(() -> cursors.decode(relationCursor, "u2", Set.of("userId", "relation")))
                .isInstanceOf(InvalidCursorException.class)
                .hasMessageContaining("another listing");
        assertThat(cursors.decode(relationCursor, "u1", Set.of("userId", "relation")))
                .isEqualTo(position);
    }
}
