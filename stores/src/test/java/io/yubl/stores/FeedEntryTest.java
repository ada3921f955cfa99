package io.yubl.stores;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class FeedEntryTest {

    @Test
    void feed_keys_sort_as_their_times_do_whole_seconds_included_and_the_yubl_id_breaks_a_tie() {
        // Given yubls posted at a whole second (Instant.toString would drop its millis), just after it, and twice in
        // the same millisecond
        List<FeedEntry> chronological = List.of(
                entry("y-9", "2026-12-04T09:59:59.999Z"),
                entry("y-5", "2026-12-04T10:00:00Z"),
                entry("y-1", "2026-12-04T10:00:00.001Z"),
                entry("y-2", "2026-12-04T10:00:00.001Z"),
                entry("y-0", "2026-12-04T10:00:00.010Z"));

        // When their keys are sorted as DynamoDB sorts strings
        List<String> keys =
                new ArrayList<>(chronological.stream().map(FeedEntry::feedKey).toList());
        keys.sort(String::compareTo);

        // Then the order is the time order, and each key reads back as its time
        assertThat(keys)
                .containsExactlyElementsOf(
                        chronological.stream().map(FeedEntry::feedKey).toList());
        assertThat(keys.get(1)).isEqualTo("2026-12-04T10:00:00.000Z#y-5");
        assertThat(SortableTime.parse(keys.get(1).substring(0, keys.get(1).indexOf('#'))))
                .isEqualTo(Instant.parse("2026-12-04T10:00:00Z"));
    }

    @Test
    void a_relationship_is_active_only_when_its_item_says_so() {
        // Given items of the relationships table, and none
        Map<String, AttributeValue> active = Map.of("state", AttributeValue.fromS("active"));
        Map<String, AttributeValue> removed = Map.of("state", AttributeValue.fromS("removed"));
        Map<String, AttributeValue> stateless = Map.of("userId", AttributeValue.fromS("u1"));

        // When / Then
        assertThat(Relations.isActive(active)).isTrue();
        assertThat(Relations.isActive(removed)).isFalse();
        assertThat(Relations.isActive(stateless)).isFalse();
        assertThat(Relations.isActive(null)).isFalse();
        assertThat(Relations.followingKey("u1", "u2"))
                .containsEntry("userId", AttributeValue.fromS("u1"))
                .containsEntry("relation", AttributeValue.fromS("following#u2"));
    }

    private static FeedEntry entry(String yublId, String postedAt) {
        return new FeedEntry("reader", yublId, "author", Instant.parse(postedAt));
    }
}
