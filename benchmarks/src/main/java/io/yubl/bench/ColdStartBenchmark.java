package io.yubl.bench;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yubl.contracts.Contracts;
import io.yubl.contracts.CorrelationIds;
import io.yubl.contracts.EventEnvelope;
import io.yubl.contracts.EventPayload;
import io.yubl.contracts.FeedFanoutMessage;
import io.yubl.contracts.NotificationChanged;
import io.yubl.contracts.UserFollowed;
import io.yubl.contracts.UserJoined;
import io.yubl.contracts.YublPosted;
import io.yubl.localcloud.ApiGateway;
import io.yubl.localcloud.FunctionArtifacts;
import io.yubl.localcloud.FunctionProcesses;
import io.yubl.localcloud.LambdaFunction;
import io.yubl.localcloud.LocalCloud;
import io.yubl.localcloud.Provisioner;
import io.yubl.localcloud.client.AwsClients;
import io.yubl.localcloud.client.DevTokens;
import io.yubl.localcloud.client.Intrinsics;
import io.yubl.localcloud.client.LocalEndpoints;
import io.yubl.localcloud.client.Template;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Cold starts on the local cloud's per-function runtime: for every function of template.yaml, the time from starting
 * its process to its first response (init and first invocation), in a fresh JVM each round, with an event of the
 * kind it serves. A bare hello-world handler on the same runtime client is measured the same way in the same run,
 * round by round beside each function (in turns, first or second), and each function's figure is the median of its
 * rounds' ratios to the baseline's cold start of the same round, with the spread.
 * Each function is measured with the middleware's priming (the default: what SnapStart would capture) and without it
 * ({@code YUBL_PRIMING=off}), with its init and first invocation apart: with SnapStart, a cold start pays for the
 * first invocation and the restore, not the init. Writes bench-results/coldstart.json. Needs the running pipeline
 * (bin/run): the functions reach the emulators and
 * the relationship API.
 * Usage: ColdStartBenchmark [rounds=5]
 */
public final class ColdStartBenchmark {
    private static final Path HELLO = Path.of("local-cloud/hello-function/target/hello-function.jar");

    private ColdStartBenchmark() {}

    /** One function to measure: how to make it (primed or not), and its first invocation. */
    private record Subject(
            String name,
            String artifact,
            Function<Boolean, FunctionProcesses> make,
            Function<LambdaFunction, Object> firstInvocation) {}

    /** One cold start: in all (process start to response), its init, and its first invocation. */
    private record Sample(double totalMs, double initMs, double firstInvocationMs) {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Template template = Template.loadWithOverridesFromEnvironment(Path.of("template.yaml"));
        AwsClients.useLocalEndpointsByDefault();
        Intrinsics intrinsics = Provisioner.local(template, line -> {}).provision();
        URI api = URI.create("http://127.0.0.1:" + LocalEndpoints.apiPort());
        FunctionArtifacts artifacts = new FunctionArtifacts(template, intrinsics, api);
        Path logFile = Path.of(".local-cloud/logs/coldstart-bench.log");
        Files.createDirectories(logFile.getParent());
        try (PrintStream log = new PrintStream(new FileOutputStream(logFile.toFile()), true, StandardCharsets.UTF_8)) {
            List<FunctionProcesses> warm = artifacts.functions(log);
            LambdaFunction authorizer = LocalCloud.authorizer(template, intrinsics, warm);
            Subject hello = new Subject(
                    "hello (baseline)",
                    HELLO.toString(),
                    primed -> new FunctionProcesses(
                            artifacts.spec(
                                    null,
                                    "hello",
                                    "io.yubl.hello.HelloHandler::handleRequest",
                                    HELLO.toAbsolutePath(),
                                    10,
                                    1024,
                                    1,
                                    Map.of()),
                            log),
                    f -> f.invoke(Map.of(), Map.class));
            List<Subject> subjects = new ArrayList<>();
            String only = System.getenv().getOrDefault("FUNCTIONS", "");
            for (Template.Resource resource : template.functions()) {
                String name = intrinsics.resolveString(resource.properties().get("FunctionName"));
                if (!only.isBlank() && Arrays.stream(only.split(",")).noneMatch(name::endsWith)) {
                    continue;
                }
                subjects.add(new Subject(
                        name,
                        String.valueOf(resource.properties().get("CodeUri")),
                        primed -> new FunctionProcesses(
                                primed ? artifacts.spec(resource) : unprimed(artifacts.spec(resource)), log),
                        firstInvocation(resource, authorizer)));
            }

            List<Double> baseline = new ArrayList<>();
            Map<Subject, List<Sample>> primed = new LinkedHashMap<>();
            Map<Subject, List<Sample>> unprimed = new LinkedHashMap<>();
            Map<Subject, List<Double>> ratios = new LinkedHashMap<>();
            for (Subject subject : subjects) {
                for (int round = 0; round < rounds; round++) {
                    // the baseline's cold start and the function's in turns, so that neither always goes first
                    double base = round % 2 == 0 ? coldStart(hello, true).totalMs() : 0;
                    Sample sample = coldStart(subject, true);
                    base = round % 2 == 0 ? base : coldStart(hello, true).totalMs();
                    baseline.add(base);
                    primed.computeIfAbsent(subject, s -> new ArrayList<>()).add(sample);
                    ratios.computeIfAbsent(subject, s -> new ArrayList<>()).add(sample.totalMs() / base);
                    unprimed.computeIfAbsent(subject, s -> new ArrayList<>()).add(coldStart(subject, false));
                }
                System.out.printf(
                        "  %-24s %s ms; ratio to the baseline's of the same round %s; first invocation %4.0f "
                                + "ms primed, %4.0f ms not%n",
                        subject.name(),
                        Spread.of(totals(primed.get(subject))).describe("%.0f"),
                        Spread.of(ratios.get(subject)).describe("%.2f"),
                        median(primed.get(subject), Sample::firstInvocationMs),
                        median(unprimed.get(subject), Sample::firstInvocationMs));
            }
            System.out.printf(
                    "  %-24s %s ms (%d rounds)%n",
                    hello.name(), Spread.of(baseline).describe("%.0f"), baseline.size());
            write(primed, unprimed, ratios, baseline, rounds);
            warm.forEach(FunctionProcesses::close);
        }
    }

    /** Process start to first response, on a fresh execution environment, with the REPORT line's init and duration. */
    private static Sample coldStart(Subject subject, boolean primed) {
        try (FunctionProcesses function = subject.make().apply(primed)) {
            long start = System.nanoTime();
            subject.firstInvocation().apply(function);
            double total = (System.nanoTime() - start) / 1e6;
            FunctionProcesses.Report report = function.lastReport();
            return new Sample(
                    total, report.initDurationMs() == null ? 0 : report.initDurationMs(), report.durationMs());
        }
    }

    /** The same function with the middleware's priming turned off. */
    private static FunctionProcesses.Spec unprimed(FunctionProcesses.Spec spec) {
        Map<String, String> environment = new LinkedHashMap<>(spec.environment());
        environment.put("YUBL_PRIMING", "off");
        return new FunctionProcesses.Spec(
                spec.name(),
                spec.resource(),
                spec.handler(),
                spec.taskRoot(),
                spec.runtimeDir(),
                spec.nativeClient(),
                spec.timeoutSeconds(),
                spec.memoryMb(),
                spec.concurrency(),
                environment);
    }

    private static List<Double> totals(List<Sample> samples) {
        return samples.stream().map(Sample::totalMs).toList();
    }

    /**
     * The function's first invocation, with an event of the kind it serves; it throws unless the function answered
     * as it does when all is well (a cold start that ends in an error measures nothing).
     */
    private static Function<LambdaFunction, Object> firstInvocation(
            Template.Resource resource, LambdaFunction authorizer) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        if (resource.id().equals("AuthorizerFunction")) {
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("version", "2.0");
            request.put("type", "REQUEST");
            request.put("routeKey", "GET /feed");
            request.put("rawPath", "/feed");
            request.put("headers", Map.of("authorization", "Bearer " + DevTokens.user("bench-" + run)));
            return f -> expect(f.invoke(request, Map.class), r -> Boolean.TRUE.equals(r.get("isAuthorized")));
        }
        if (!resource.events("HttpApi").isEmpty()) {
            Map<String, Object> route =
                    resource.events("HttpApi").values().iterator().next();
            String method = String.valueOf(route.get("Method")).toUpperCase();
            String path = String.valueOf(route.get("Path")).replaceAll("\\{[^}]+}", "bench-" + run);
            boolean facade = path.startsWith("/legacy");
            String token = facade ? DevTokens.service("legacy-monolith") : DevTokens.user("bench-" + run);
            String body = facade && !method.equals("DELETE")
                    ? "{\"text\":\"cold\",\"username\":\"bench_" + run
                            + "\",\"firstName\":\"Cold\",\"lastName\":\"Start\"}"
                    : null;
            return f -> expect(
                    new ApiGateway(List.of(f), authorizer)
                            .handle(new ApiGateway.Request(
                                    method,
                                    URI.create(path + (path.startsWith("/search") ? "?q=ada" : "")),
                                    Map.of("authorization", "Bearer " + token, "content-type", "application/json"),
                                    body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                                    "127.0.0.1",
                                    "HTTP/1.1")),
                    reply -> reply.status() < 500);
        }
        if (resource.id().equals("EmailDigestFunction")) {
            Map<String, Object> scheduled =
                    Map.of("source", "aws.scheduler", "detail-type", "Scheduled Event", "detail", Map.of());
            return f -> expect(f.invoke(scheduled, Map.class), r -> r.containsKey("recipients"));
        }
        if (resource.id().equals("WebSocketFunction")) {
            // as API Gateway hands it on once the authorizer has named the user
            Map<String, Object> connect = Map.of(
                    "requestContext",
                    Map.of(
                            "routeKey",
                            "$connect",
                            "eventType",
                            "CONNECT",
                            "connectionId",
                            "cold-" + run,
                            "authorizer",
                            Map.of("principal", "user:bench-" + run, "principalId", "user:bench-" + run)),
                    "queryStringParameters",
                    Map.of("token", DevTokens.user("bench-" + run)),
                    "headers",
                    Map.of());
            return f -> expect(
                    f.invoke(connect, Map.class), r -> Integer.valueOf(200).equals(r.get("statusCode")));
        }
        if (!resource.events("SQS").isEmpty()) {
            SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
            message.setMessageId(UUID.randomUUID().toString());
            message.setBody(
                    resource.id().equals("PushFunction")
                            ? Contracts.encodeNotificationChanged(
                                    new NotificationChanged("bench-" + run, "followed-20260101"))
                            : Contracts.encodeFanout(new FeedFanoutMessage(
                                    "cold-" + run,
                                    "bench-author-" + run,
                                    Instant.now().truncatedTo(ChronoUnit.MILLIS),
                                    List.of("bench-follower-" + run))));
            message.setAttributes(Map.of("ApproximateReceiveCount", "1"));
            message.setMessageAttributes(Map.of());
            message.setEventSource("aws:sqs");
            SQSEvent event = new SQSEvent();
            event.setRecords(List.of(message));
            return f -> expect(
                    f.invoke(event, SQSBatchResponse.class),
                    r -> r == null
                            || r.getBatchItemFailures() == null
                            || r.getBatchItemFailures().isEmpty());
        }
        EventPayload payload = switch (resource.id()) {
            case "IndexUserFunction" -> new UserJoined("bench-" + run, "bench_" + run, "Cold", "Start");
            case "RecordRelationshipFunction", "NotifyFunction" -> new UserFollowed("bench-a-" + run, "bench-b-" + run);
            default ->
                new YublPosted(
                        "cold-" + run,
                        "bench-author-" + run,
                        "cold start",
                        Instant.now().truncatedTo(ChronoUnit.MILLIS));
        };
        KinesisEvent.Record record = new KinesisEvent.Record();
        record.setPartitionKey(payload.partitionKey());
        record.setSequenceNumber("1");
        record.setData(ByteBuffer.wrap(
                Contracts.encodeEvent(EventEnvelope.of(payload, Map.of(CorrelationIds.HEADER, "bench-cold-" + run)))));
        record.setApproximateArrivalTimestamp(new Date());
        KinesisEvent.KinesisEventRecord eventRecord = new KinesisEvent.KinesisEventRecord();
        eventRecord.setKinesis(record);
        eventRecord.setEventSource("aws:kinesis");
        eventRecord.setEventID("shardId-000000000000:1");
        KinesisEvent event = new KinesisEvent();
        event.setRecords(List.of(eventRecord));
        return f -> expect(
                f.invoke(event, StreamsEventResponse.class),
                r -> r == null
                        || r.getBatchItemFailures() == null
                        || r.getBatchItemFailures().isEmpty());
    }

    private static <T> T expect(T response, Predicate<T> fine) {
        if (!fine.test(response)) {
            throw new IllegalStateException("the first invocation did not succeed: " + response);
        }
        return response;
    }

    private static void write(
            Map<Subject, List<Sample>> primed,
            Map<Subject, List<Sample>> unprimed,
            Map<Subject, List<Double>> ratios,
            List<Double> baseline,
            int rounds)
            throws Exception {
        ObjectNode json = Contracts.json().createObjectNode();
        json.put("benchmark", "coldstart");
        json.put("at", Instant.now().toString());
        json.put(
                "measure",
                "process start to first response (init and first invocation), a fresh JVM each time, "
                        + rounds
                        + " rounds per function, each beside one of the baseline's (in turns, first or "
                        + "second); medians, "
                        + "and the ratio is the median of the rounds' ratios");
        json.put("trustedIqr", Spread.TRUSTED_IQR);
        json.set("baselineMs", Spread.of(baseline).json());
        ArrayNode functions = json.putArray("functions");
        for (Map.Entry<Subject, List<Sample>> result : primed.entrySet()) {
            List<Sample> without = unprimed.get(result.getKey());
            ObjectNode function = functions.addObject();
            function.put("function", result.getKey().name());
            function.put("artifact", result.getKey().artifact());
            function.put("artifactBytes", Files.size(Path.of(result.getKey().artifact())));
            function.set("totalMs", Spread.of(totals(result.getValue())).json());
            function.set(
                    "ratioToBaseline", Spread.of(ratios.get(result.getKey())).json());
            function.put("initMs", Math.round(median(result.getValue(), Sample::initMs)));
            function.put("firstInvocationMs", Math.round(median(result.getValue(), Sample::firstInvocationMs)));
            function.put("withoutPrimingMedianMs", Math.round(median(without, Sample::totalMs)));
            function.put("withoutPrimingInitMs", Math.round(median(without, Sample::initMs)));
            function.put("withoutPrimingFirstInvocationMs", Math.round(median(without, Sample::firstInvocationMs)));
        }
        System.out.println("written to " + BenchResults.write("coldstart", json));
    }

    private static double median(List<Sample> samples, Function<Sample, Double> measure) {
        return Spread.of(samples.stream().map(measure).toList()).median();
    }
}
