package io.yubl.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessCpuTest {
    @Test
    void user_and_system_ticks_are_read_after_a_command_name_that_holds_spaces_and_parentheses() {
        // Given a stat line whose command name would shift the fields if it were split on spaces
        String stat = "4242 (java (a) b) S 1 4242 4242 0 -1 4194560 100 0 0 0 1234 56 0 0 20 0 30 0 99 0 0";

        // When
        long ticks = ProcessCpu.ticks(stat);

        // Then utime 1234 and stime 56
        assertThat(ticks).isEqualTo(1290);
    }

    @Test
    void a_function_is_named_by_its_environment_and_the_rest_by_their_command_lines() {
        // Given a function's process, the emulators' and the host's, and something else
        String function = ProcessCpu.label(
                "java -cp /task/lib/* com.amazonaws.services.lambda.runtime.api.client.AWSLambda h",
                "PATH=/bin\0AWS_LAMBDA_FUNCTION_NAME=yubl-local-add-to-feed\0TZ=:UTC\0");
        String dynamodb = ProcessCpu.label(
                "java -cp /m2/com/amazonaws/DynamoDBLocal/2.6.0/DynamoDBLocal-2.6.0.jar ServerRunner -inMemory", "");
        String proxy = ProcessCpu.label(
                "java -cp /x/host/target/classes io.yubl.localcloud.AwsLimitsProxy kinesis=4568:24568", "");
        String host = ProcessCpu.label("java -cp /x/host/target/classes io.yubl.localcloud.LocalCloud serve", "");
        String other = ProcessCpu.label("", "");

        // Then
        assertThat(Map.of("function", function, "dynamodb", dynamodb, "proxy", proxy, "host", host, "other", other))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "function", "yubl-local-add-to-feed",
                        "dynamodb", "dynamodb",
                        "proxy", "limits-proxy",
                        "host", "host",
                        "other", "other"));
    }

    @Test
    void a_phase_counts_what_each_label_spent_and_a_process_started_during_it_from_its_start() {
        // Given two processes of one label, one that started during the phase, one idle, and two seconds between
        ProcessCpu.Snapshot from = new ProcessCpu.Snapshot(
                0,
                Map.of(
                        1L, new ProcessCpu.Sample("add-to-feed", 500),
                        2L, new ProcessCpu.Sample("add-to-feed", 100),
                        3L, new ProcessCpu.Sample("dynamodb", 1000),
                        5L, new ProcessCpu.Sample("sns-sqs", 70)));
        ProcessCpu.Snapshot to = new ProcessCpu.Snapshot(
                2_000_000_000L,
                Map.of(
                        1L, new ProcessCpu.Sample("add-to-feed", 550),
                        2L, new ProcessCpu.Sample("add-to-feed", 150),
                        3L, new ProcessCpu.Sample("dynamodb", 1250),
                        4L, new ProcessCpu.Sample("benchmark", 30),
                        5L, new ProcessCpu.Sample("sns-sqs", 70)));

        // When
        ProcessCpu.Phase phase = ProcessCpu.between(from, to);

        // Then
        assertThat(phase.cpuSeconds())
                .containsExactly(
                        Map.entry("dynamodb", 2.5),
                        Map.entry("add-to-feed", 1.0),
                        Map.entry("benchmark", 0.3),
                        Map.entry("sns-sqs", 0.0));
        assertThat(phase.wallSeconds()).isEqualTo(2.0);
        assertThat(phase.percent()).isEqualTo(190.0, offset(1e-9));
        assertThat(phase.summary()).contains("CPU 3.8 s in 2.0 s (190% of").contains("dynamodb 2.5, add-to-feed 1.0");
        // the idle one is left out of the JSON
        assertThat(phase.json())
                .endsWith("\"cpuSeconds\": {\"dynamodb\": 2.5, \"add-to-feed\": 1.0, \"benchmark\": 0.3}}");
    }
}
