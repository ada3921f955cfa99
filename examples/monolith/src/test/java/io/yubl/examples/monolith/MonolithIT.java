package io.yubl.examples.monolith;

import static org.assertj.core.api.Assertions.assertThat;

import io.yubl.contracts.Contracts;
import io.yubl.contracts.EventEnvelope;
import io.yubl.contracts.EventType;
import io.yubl.producers.it.LocalKinesis;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The example monolith run as a monolith would run it, in a JVM of its own with its own logging backend, against the
 * local cloud's events stream (bin/run started it).
 */
class MonolithIT {
    private static final String STREAM = "yubl-local-events";

    @Test
    void the_monolith_publishes_through_the_library_and_every_log_line_keeps_its_own_format() throws Exception {
        // Given the monolith's class path: its classes, the library and logback, nothing of the pipeline's own
        String classPath = "target/classes" + File.pathSeparator
                + Files.readString(Path.of("target/classpath.txt")).trim();
        String correlationId = "it-monolith-" + UUID.randomUUID();
        Instant started = Instant.now().minusSeconds(1);

        // When it runs against the local cloud
        Path output = Files.createTempFile("monolith", ".log");
        ProcessBuilder monolith = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        classPath,
                        Monolith.class.getName(),
                        STREAM,
                        "3")
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        monolith.environment()
                .putAll(Map.of(
                        "AWS_REGION",
                        "us-east-1",
                        "AWS_ACCESS_KEY_ID",
                        "test",
                        "AWS_SECRET_ACCESS_KEY",
                        "test",
                        "AWS_ENDPOINT_URL_KINESIS",
                        LocalKinesis.ENDPOINT.toString(),
                        "CORRELATION_ID",
                        correlationId));
        Process process = monolith.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS))
                .as("the monolith finished")
                .isTrue();
        List<String> lines = Files.readAllLines(output);

        // Then it succeeded, and every line is in the monolith's logback format, the library's lines included
        assertThat(process.exitValue()).as(String.join("\n", lines)).isZero();
        assertThat(lines)
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line)
                        .matches("MONOLITH \\d{2}:\\d{2}:\\d{2}\\.\\d{3} \\[[^]]+] (TRACE|DEBUG|INFO "
                                + "|WARN |ERROR) \\S+ - .*"));
        assertThat(lines)
                .anySatisfy(line -> assertThat(line)
                        .contains("i.y.producers.BufferedEventPublisher - buffered publisher to " + STREAM
                                + " closed: 3 events sent"));
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("signed up 3 users and posted 3 yubls"));

        // And its events are on the stream: 3 joins and 3 posts
        try (KinesisClient kinesis = LocalKinesis.client()) {
            List<EventEnvelope> events = LocalKinesis.readSince(kinesis, STREAM, started).stream()
                    .map(r -> Contracts.decodeEvent(r.data().asByteArray()))
                    .filter(e -> correlationId.equals(e.correlationId()))
                    .toList();
            assertThat(events)
                    .extracting(EventEnvelope::type)
                    .containsExactlyInAnyOrder(
                            EventType.USER_JOINED,
                            EventType.USER_JOINED,
                            EventType.USER_JOINED,
                            EventType.YUBL_POSTED,
                            EventType.YUBL_POSTED,
                            EventType.YUBL_POSTED);
        }
    }
}
