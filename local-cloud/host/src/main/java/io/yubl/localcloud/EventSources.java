package io.yubl.localcloud;

import io.yubl.localcloud.client.AwsClients;
import io.yubl.localcloud.client.Intrinsics;
import io.yubl.localcloud.client.LocalEndpoints;
import io.yubl.localcloud.client.Template;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsAsyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The event source mappings of template.yaml, run locally: every Kinesis and SQS event and every schedule of every
 * function. Which
 * function listens to what comes from the template alone.
 */
public final class EventSources implements AutoCloseable {
    /** Functions whose event sources are not started, to break the pipeline on purpose (comma-separated names). */
    private static final Set<String> DISABLED =
            Set.of(System.getenv().getOrDefault("YUBL_DISABLED_FUNCTIONS", "").split("\\s*,\\s*"));

    private final List<KinesisSource> kinesisSources = new ArrayList<>();
    private final List<SqsSource> sqsSources = new ArrayList<>();
    private final List<ScheduleSource> schedules = new ArrayList<>();

    public EventSources(List<? extends LambdaFunction> functions, Intrinsics intrinsics) {
        KinesisAsyncClient kinesis =
                local(KinesisAsyncClient.builder(), LocalEndpoints.kinesis()).build();
        DynamoDbAsyncClient dynamodb =
                local(DynamoDbAsyncClient.builder(), LocalEndpoints.dynamodb()).build();
        CloudWatchAsyncClient cloudwatch =
                local(CloudWatchAsyncClient.builder(), LocalEndpoints.snsSqs()).build();
        SqsClient sqs = AwsClients.sqs();
        for (LambdaFunction function : functions) {
            if (DISABLED.contains(function.name())) {
                System.out.println("event sources of " + function.name() + " disabled (YUBL_DISABLED_FUNCTIONS)");
                continue;
            }
            function.resource().events("Kinesis").values().forEach(event -> {
                Map<String, Object> props = Template.map(intrinsics.resolve(event));
                String onFailureArn = String.valueOf(Template.map(
                                Template.map(props.get("DestinationConfig")).get("OnFailure"))
                        .get("Destination"));
                String onFailureUrl = sqs.getQueueUrl(
                                r -> r.queueName(onFailureArn.substring(onFailureArn.lastIndexOf(':') + 1)))
                        .queueUrl();
                kinesisSources.add(new KinesisSource(
                        function,
                        String.valueOf(props.get("Stream")),
                        props,
                        new OnFailureDestination(sqs, onFailureUrl),
                        kinesis,
                        dynamodb,
                        cloudwatch));
            });
            function.resource().events("SQS").values().forEach(event -> {
                Map<String, Object> props = Template.map(intrinsics.resolve(event));
                int maximumConcurrency = Integer.parseInt(
                        String.valueOf(Template.map(props.get("ScalingConfig")).getOrDefault("MaximumConcurrency", 2)));
                sqsSources.add(new SqsSource(
                        function,
                        sqs,
                        String.valueOf(props.get("Queue")),
                        Integer.parseInt(String.valueOf(props.getOrDefault("BatchSize", 10))),
                        Math.min(maximumConcurrency, FunctionArtifacts.LOCAL_CONCURRENCY)));
            });
            for (String type : List.of("Schedule", "ScheduleV2")) {
                function.resource()
                        .events(type)
                        .values()
                        .forEach(event ->
                                schedules.add(new ScheduleSource(function, Template.map(intrinsics.resolve(event)))));
            }
        }
    }

    public void start() {
        kinesisSources.forEach(KinesisSource::start);
        sqsSources.forEach(SqsSource::start);
        schedules.forEach(ScheduleSource::start);
    }

    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        kinesisSources.forEach(s -> lines.add(s.describe()));
        sqsSources.forEach(s -> lines.add(s.describe()));
        schedules.forEach(s -> lines.add(s.describe()));
        return lines;
    }

    /**
     * Waits until every Kinesis function holds a lease on every open shard of its stream; returns the functions that
     * still do not when the time is up ("name: held of open shards"), none if all do.
     */
    public List<String> awaitLeases(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline) && !withoutEveryShard().isEmpty()) {
            Thread.sleep(200);
        }
        return withoutEveryShard();
    }

    private List<String> withoutEveryShard() {
        return kinesisSources.stream()
                .filter(s -> s.shardsHeld() < s.openShards())
                .map(s -> s.functionName() + ": " + s.shardsHeld() + " of " + s.openShards() + " shards")
                .toList();
    }

    @Override
    public void close() {
        schedules.forEach(ScheduleSource::close);
        sqsSources.forEach(SqsSource::close);
        kinesisSources.parallelStream().forEach(KinesisSource::close);
    }

    static <B extends AwsClientBuilder<B, ?> & AwsAsyncClientBuilder<B, ?>> B local(B builder, URI endpoint) {
        builder.endpointOverride(endpoint)
                .region(Region.of(LocalEndpoints.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(LocalEndpoints.ACCESS_KEY, LocalEndpoints.SECRET_KEY)));
        builder.httpClientBuilder(
                NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP1_1).maxConcurrency(64));
        return builder;
    }
}
