package io.yubl.localcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.yubl.contracts.Contracts;
import io.yubl.contracts.CorrelationIds;
import io.yubl.contracts.EventEnvelope;
import io.yubl.contracts.YublPosted;
import io.yubl.localcloud.LambdaFunction.InvocationError;
import io.yubl.localcloud.client.AwsClients;
import io.yubl.localcloud.client.Intrinsics;
import io.yubl.localcloud.client.LocalEndpoints;
import io.yubl.localcloud.client.Template;
import io.yubl.stores.it.LocalStores;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Functions run as Lambda runs them: from their artifact, in their own process, on AWS's runtime interface client,
 * with only the variables the template gives them, within their timeout. The faults are the test's: a handler that
 * never answers, one that exits, one that throws, a variable taken out of a function's template entry.
 */
class FunctionProcessesIT {
    private static final Template TEMPLATE = Template.load(Path.of("../../template.yaml"));
    private static final Path HELLO = Path.of("../hello-function/target/hello-function.jar")
            .toAbsolutePath()
            .normalize();

    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private final List<FunctionProcesses> started = new ArrayList<>();

    @AfterEach
    void stopProcesses() {
        started.forEach(FunctionProcesses::close);
    }

    @Test
    void a_function_that_reads_a_variable_its_template_entry_does_not_give_it_fails_as_it_would_on_aws() {
        // Given store-yubl, as template.yaml declares it but for YUBLS_TABLE
        AwsClients.useLocalEndpointsByDefault();
        Intrinsics intrinsics = Provisioner.local(TEMPLATE, line -> {}).provision();
        FunctionArtifacts artifacts = new FunctionArtifacts(TEMPLATE, intrinsics, URI.create("http://127.0.0.1:1"));
        Template.Resource storeYubl = TEMPLATE.resources().get("StoreYublFunction");
        FunctionProcesses.Spec declared = artifacts.spec(storeYubl);
        Map<String, String> variables = new LinkedHashMap<>(declared.environment());
        assertThat(variables.remove("YUBLS_TABLE")).isNotNull();
        FunctionProcesses function = start(new FunctionProcesses.Spec(
                declared.name(),
                storeYubl,
                declared.handler(),
                declared.taskRoot(),
                declared.runtimeDir(),
                declared.nativeClient(),
                declared.timeoutSeconds(),
                declared.memoryMb(),
                1,
                variables));

        // When / Then its initialization fails, and its log says why
        assertThatThrownBy(() -> function.invoke(kinesisEvent("{}"), StreamsEventResponse.class))
                .isInstanceOfSatisfying(
                        InvocationError.class,
                        e -> assertThat(e.errorType()).isEqualTo("java.lang.ExceptionInInitializerError"))
                .hasMessageContaining("Error loading class io.yubl.processors.yubls.StoreYublHandler");
        assertThat(logs()).contains("YUBLS_TABLE");
    }

    @Test
    void a_kinesis_function_runs_from_its_jar_on_the_runtimes_own_event_serialization() {
        // Given store-yubl as template.yaml declares it, and a yubl-posted record
        AwsClients.useLocalEndpointsByDefault();
        Intrinsics intrinsics = Provisioner.local(TEMPLATE, line -> {}).provision();
        FunctionArtifacts artifacts = new FunctionArtifacts(TEMPLATE, intrinsics, URI.create("http://127.0.0.1:1"));
        FunctionProcesses function = start(artifacts.spec(TEMPLATE.resources().get("StoreYublFunction")));
        String yublId = "it-runtime-" + UUID.randomUUID();
        byte[] event = Contracts.encodeEvent(EventEnvelope.of(
                new YublPosted(
                        yublId, "it-author", "from the jar", Instant.now().truncatedTo(ChronoUnit.MILLIS)),
                Map.of(CorrelationIds.HEADER, "it-runtime")));

        // When
        StreamsEventResponse response =
                function.invoke(kinesisEvent(new String(event, StandardCharsets.UTF_8)), StreamsEventResponse.class);

        // Then (the runtime's serialization loads joda-time from the function's jar for a KinesisEvent: without
        // it, this fails)
        assertThat(response == null
                        || response.getBatchItemFailures() == null
                        || response.getBatchItemFailures().isEmpty())
                .isTrue();
        assertThat(LocalStores.shared().yubls.get(yublId)).isPresent();
    }

    @Test
    void a_function_sees_the_variables_its_template_gives_it_and_lambdas_own_and_nothing_of_the_host() {
        // Given
        FunctionProcesses hello = hello(3, Map.of("GREETING", "hi"));

        // When / Then
        assertThat(variable(hello, "GREETING")).isEqualTo("hi");
        assertThat(variable(hello, "AWS_LAMBDA_FUNCTION_NAME")).isEqualTo("hello");
        assertThat(variable(hello, "AWS_REGION")).isEqualTo(LocalEndpoints.REGION);
        assertThat(variable(hello, "HOME"))
                .as("the host's own variables stay with the host")
                .isEqualTo("null");
        assertThat(variable(hello, "YUBL_API_PORT")).isEqualTo("null");
    }

    @Test
    void an_invocation_past_the_timeout_fails_with_Sandbox_Timedout_and_the_next_one_gets_a_fresh_process() {
        // Given a warm function with a 1 s timeout
        FunctionProcesses hello = hello(1, Map.of());
        hello.warm();

        // When it never answers
        assertThatThrownBy(() -> hello.invoke(Map.of("action", "block"), Map.class))
                .isInstanceOfSatisfying(
                        InvocationError.class, e -> assertThat(e.errorType()).isEqualTo("Sandbox.Timedout"))
                .hasMessageContaining("Task timed out after 1.00 seconds");

        // Then the process was stopped, and the next invocation starts another
        assertThat(hello.invoke(Map.of(), Map.class)).isEqualTo(Map.of("hello", "world"));
        assertThat(hello.processes()).isEqualTo(1);
    }

    @Test
    void the_callers_timeout_counts_from_the_moment_a_process_takes_the_event_never_the_wait_for_one()
            throws Exception {
        // Given a function of concurrency 1 and a 3 s timeout, busy with an invocation that never answers
        FunctionProcesses hello = hello(3, Map.of());
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try {
            Future<Map> blocked = callers.submit(() -> hello.invoke(Map.of("action", "block"), Map.class));
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> hello.processes() == 1);

            // When a caller that waits at most 2 s asks it meanwhile: it waits for the process to time out and for a
            // new one to start, longer than 2 s in all
            Future<Map> waiting = callers.submit(() -> hello.invoke(Map.of(), Map.class, 2_000));

            // Then it is served, and a caller's timeout still ends an invocation that takes longer than it
            assertThat(waiting.get(120, TimeUnit.SECONDS)).isEqualTo(Map.of("hello", "world"));
            assertThatThrownBy(blocked::get).hasCauseInstanceOf(InvocationError.class);
            assertThatThrownBy(() -> hello.invoke(Map.of("action", "block"), Map.class, 1_000))
                    .isInstanceOfSatisfying(
                            InvocationError.class,
                            e -> assertThat(e.errorType()).isEqualTo(LambdaFunction.CALLER_TIMED_OUT));
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void a_process_that_exits_fails_its_invocation_with_Runtime_ExitError() {
        // Given
        FunctionProcesses hello = hello(3, Map.of());

        // When / Then
        assertThatThrownBy(() -> hello.invoke(Map.of("action", "exit"), Map.class))
                .isInstanceOfSatisfying(
                        InvocationError.class, e -> assertThat(e.errorType()).isEqualTo("Runtime.ExitError"))
                .hasMessageContaining("exit status 3");
        assertThat(hello.invoke(Map.of(), Map.class)).isEqualTo(Map.of("hello", "world"));
    }

    @Test
    void a_handler_that_throws_fails_with_its_exception_and_its_process_serves_the_next_invocation() {
        // Given
        FunctionProcesses hello = hello(3, Map.of());

        // When / Then
        assertThatThrownBy(() -> hello.invoke(Map.of("action", "fail"), Map.class))
                .isInstanceOfSatisfying(
                        InvocationError.class,
                        e -> assertThat(e.errorType()).isEqualTo("java.lang.IllegalStateException"))
                .hasMessageContaining("asked to fail");
        assertThat(hello.invoke(Map.of(), Map.class)).isEqualTo(Map.of("hello", "world"));
        assertThat(hello.processes()).isEqualTo(1);
    }

    @Test
    void every_invocation_ends_with_lambdas_report_line_and_the_first_one_with_its_init_duration() {
        // Given
        FunctionProcesses hello = hello(3, Map.of());

        // When
        hello.invoke(Map.of(), Map.class);
        hello.invoke(Map.of(), Map.class);

        // Then
        List<String> reports = logs().lines()
                .filter(l -> l.startsWith("[hello] REPORT RequestId: "))
                .toList();
        assertThat(reports).hasSize(2);
        assertThat(reports.get(0))
                .matches(".*\tDuration: [0-9.]+ ms\tBilled Duration: \\d+ ms\tMemory Size: 256 MB"
                        + "\tMax Memory Used: (\\d+|\\?) MB\tInit Duration: [0-9.]+ ms");
        assertThat(reports.get(1)).doesNotContain("Init Duration");
    }

    private FunctionProcesses hello(int timeoutSeconds, Map<String, String> variables) {
        FunctionArtifacts artifacts = new FunctionArtifacts(TEMPLATE, null, URI.create("http://127.0.0.1:1"));
        return start(artifacts.spec(
                null, "hello", "io.yubl.hello.HelloHandler::handleRequest", HELLO, timeoutSeconds, 256, 1, variables));
    }

    private FunctionProcesses start(FunctionProcesses.Spec spec) {
        FunctionProcesses function = new FunctionProcesses(spec, new PrintStream(logs, true, StandardCharsets.UTF_8));
        started.add(function);
        return function;
    }

    private static String variable(FunctionProcesses hello, String name) {
        return String.valueOf(
                hello.invoke(Map.of("action", "env", "name", name), Map.class).get("value"));
    }

    private String logs() {
        return logs.toString(StandardCharsets.UTF_8);
    }

    private static KinesisEvent kinesisEvent(String data) {
        KinesisEvent.Record kinesis = new KinesisEvent.Record();
        kinesis.setPartitionKey("p");
        kinesis.setSequenceNumber("1");
        kinesis.setData(ByteBuffer.wrap(data.getBytes(StandardCharsets.UTF_8)));
        kinesis.setApproximateArrivalTimestamp(new Date());
        KinesisEvent.KinesisEventRecord record = new KinesisEvent.KinesisEventRecord();
        record.setKinesis(kinesis);
        record.setEventSource("aws:kinesis");
        KinesisEvent event = new KinesisEvent();
        event.setRecords(List.of(record));
        return event;
    }
}
