package io.yubl.processors.distribute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;

class FanoutPublisherTest {
    private static final int KIB = 1024;

    private static List<PublishBatchRequestEntry> entries(int count, int bytes, Map<String, String> attributes) {
        return IntStream.range(0, count)
                .mapToObj(i -> PublishBatchRequestEntry.builder()
                        .id("m" + i)
                        .message("x".repeat(bytes))
                        .messageAttributes(attributes.entrySet().stream()
                                .collect(Collectors.toMap(
                                        Map.Entry::getKey,
                                        e -> MessageAttributeValue.builder()
                                                .dataType("String")
                                                .stringValue(e.getValue())
                                                .build())))
                        .build())
                .toList();
    }

    @Test
    void small_messages_go_ten_a_call() {
        List<PublishBatchRequestEntry> entries = entries(25, 100, Map.of());

        List<List<PublishBatchRequestEntry>> calls = FanoutPublisher.calls(entries);

        assertThat(calls).extracting(List::size).containsExactly(10, 10, 5);
        assertThat(calls.stream().flatMap(List::stream)).containsExactlyElementsOf(entries);
    }

    @Test
    void ten_messages_of_40_kib_take_two_calls_as_sns_allows_256_kib_a_call() {
        List<PublishBatchRequestEntry> entries = entries(10, 40 * KIB, Map.of());

        List<List<PublishBatchRequestEntry>> calls = FanoutPublisher.calls(entries);

        assertThat(calls).extracting(List::size).containsExactly(6, 4);
        assertThat(calls.stream().flatMap(List::stream)).containsExactlyElementsOf(entries);
    }

    @Test
    void message_attributes_count_towards_a_call_s_size() {
        // 64 KiB messages: four fit in 256 KiB exactly, but not with an attribute each
        List<PublishBatchRequestEntry> entries = entries(4, 64 * KIB, Map.of("x-correlation-id", "abc"));

        List<List<PublishBatchRequestEntry>> calls = FanoutPublisher.calls(entries);

        assertThat(calls).extracting(List::size).containsExactly(3, 1);
    }

    @Test
    void a_message_over_256_kib_is_refused_before_any_call() {
        List<PublishBatchRequestEntry> entries = entries(1, 256 * KIB + 1, Map.of());

        assertThatThrownBy(() -> FanoutPublisher.calls(entries))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("262145 bytes cannot fit a request of 262144 bytes");
    }
}
