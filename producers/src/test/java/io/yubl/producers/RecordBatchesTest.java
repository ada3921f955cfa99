package io.yubl.producers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RecordBatchesTest {

    @Test
    void more_than_500_records_are_split_in_order() {
        List<Integer> records = IntStream.range(0, 1201).boxed().toList();

        List<List<Integer>> batches = RecordBatches.split(records, r -> 100);

        assertThat(batches).extracting(List::size).containsExactly(500, 500, 201);
        assertThat(batches.stream().flatMap(List::stream).toList()).isEqualTo(records);
    }

    @Test
    void a_request_never_exceeds_five_mebibytes() {
        int nearlyOneMiB = 1024 * 1024 - 10;
        List<Integer> records = IntStream.range(0, 12).boxed().toList();

        List<List<Integer>> batches = RecordBatches.split(records, r -> nearlyOneMiB);

        assertThat(batches).extracting(List::size).containsExactly(5, 5, 2);
        assertThat(batches)
                .allSatisfy(b -> assertThat((long) b.size() * nearlyOneMiB)
                        .isLessThanOrEqualTo(RecordBatches.MAX_REQUEST_BYTES));
    }

    @Test
    void records_of_mixed_sizes_fill_requests_to_the_byte_limit() {
        List<Integer> sizes = List.of(4, 4, 2, 5, 1);

        assertThat(RecordBatches.split(sizes, s -> s, 500, 10)).containsExactly(List.of(4, 4, 2), List.of(5, 1));
    }

    @Test
    void nothing_to_send_makes_no_request() {
        assertThat(RecordBatches.split(Collections.<Integer>emptyList(), r -> 1))
                .isEmpty();
    }

    @Test
    void a_record_larger_than_a_request_is_refused() {
        assertThatThrownBy(() -> RecordBatches.split(List.of(11), s -> s, 500, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("11 bytes");
    }
}
