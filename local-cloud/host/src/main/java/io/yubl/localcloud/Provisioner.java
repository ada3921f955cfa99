package io.yubl.localcloud;

import static io.yubl.localcloud.client.Template.map;

import io.yubl.localcloud.client.AwsClients;
import io.yubl.localcloud.client.Intrinsics;
import io.yubl.localcloud.client.Intrinsics.Deployed;
import io.yubl.localcloud.client.LocalEndpoints;
import io.yubl.localcloud.client.StackResources;
import io.yubl.localcloud.client.Template;
import io.yubl.localcloud.client.Template.Resource;
import io.yubl.middleware.auth.Signer;
import io.yubl.operations.StageSecrets;
import io.yubl.operations.keys.StageSigningKeys;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Creates on the emulators every resource template.yaml declares, in dependency order, and returns what each
 * answers to Ref and GetAtt. Each step checks before it creates, so running it on a provisioned stack changes
 * nothing.
 */
public final class Provisioner {
    private final Template template;
    private final KinesisClient kinesis;
    private final DynamoDbClient dynamodb;
    private final SnsClient sns;
    private final SqsClient sqs;
    private final SecretsManagerClient secretsManager;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Consumer<String> log;

    public Provisioner(
            Template template,
            KinesisClient kinesis,
            DynamoDbClient dynamodb,
            SnsClient sns,
            SqsClient sqs,
            SecretsManagerClient secretsManager,
            Consumer<String> log) {
        this.template = template;
        this.kinesis = kinesis;
        this.dynamodb = dynamodb;
        this.sns = sns;
        this.sqs = sqs;
        this.secretsManager = secretsManager;
        this.log = log;
    }

    public static Provisioner local(Template template, Consumer<String> log) {
        return new Provisioner(
                template,
                AwsClients.kinesis(),
                AwsClients.dynamodb(),
                AwsClients.sns(),
                AwsClients.sqs(),
                AwsClients.secretsManager(),
                log);
    }

    /**
     * Creates what is missing, the stage's secrets first (as bin/deploy does before deploying); returns the resolver
     * for the whole template.
     */
    public Intrinsics provision() {
        String stage = String.valueOf(template.parameters().get("Stage"));
        new StageSecrets(secretsManager).ensure(stage, log);
        new StageSigningKeys(secretsManager, Clock.systemUTC()).ensure(stage, Signer.STAGE, log);
        Map<String, Deployed> deployed = new LinkedHashMap<>();
        Intrinsics intrinsics = new Intrinsics(template.parameters(), deployed);
        for (Resource resource : inDependencyOrder(template.resources())) {
            if (resource.condition() != null && !intrinsics.condition(resource.condition(), template.conditions())) {
                log.accept(String.format(
                        "  %-28s %s: condition %s is false", resource.id(), resource.type(), resource.condition()));
                deployed.put(resource.id(), new Deployed(resource.id(), Map.of()));
                continue;
            }
            Map<String, Object> props = Template.map(intrinsics.resolve(resource.properties()));
            Deployed result = switch (resource.type()) {
                case "AWS::Kinesis::Stream" -> stream(props);
                case "AWS::SQS::Queue" -> queue(props);
                case "AWS::SNS::Topic" -> topic(props);
                case "AWS::SNS::Subscription" -> subscription(props);
                case "AWS::DynamoDB::Table" -> table(props);
                case "AWS::OpenSearchService::Domain" -> searchDomain(props, resource.metadata());
                case "AWS::Serverless::Function" -> function(props);
                case "AWS::Serverless::HttpApi" -> new Deployed("local", Map.of());
                case "AWS::ApiGatewayV2::Api" ->
                    new Deployed(
                            "local-websocket",
                            Map.of("ApiEndpoint", "ws://127.0.0.1:" + LocalEndpoints.webSocketPort()));
                default -> {
                    log.accept(String.format("  %-28s %s: not needed locally", resource.id(), resource.type()));
                    yield new Deployed(resource.id(), Map.of());
                }
            };
            deployed.put(resource.id(), result);
        }
        new StackResources(deployed).write(template.root());
        return intrinsics;
    }

    /** A function answers Ref with its name, GetAtt Arn, and (SAM) Ref Function.Alias with its alias' ARN. */
    private Deployed function(Map<String, Object> props) {
        String arn = "arn:aws:lambda:" + LocalEndpoints.REGION + ":" + LocalEndpoints.ACCOUNT_ID + ":function:"
                + props.get("FunctionName");
        Object alias = props.getOrDefault(
                "AutoPublishAlias", map(template.globals().get("Function")).getOrDefault("AutoPublishAlias", "live"));
        return new Deployed(String.valueOf(props.get("FunctionName")), Map.of("Arn", arn, "Alias", arn + ":" + alias));
    }

    private Deployed stream(Map<String, Object> props) {
        String name = (String) props.get("Name");
        int shards = Integer.parseInt(String.valueOf(props.getOrDefault("ShardCount", 1)));
        StreamDescriptionSummary summary;
        try {
            summary = kinesis.describeStreamSummary(r -> r.streamName(name)).streamDescriptionSummary();
            report("stream", name, "exists", summary.openShardCount() + " shards");
            // two types of this name: Kinesis' here, DynamoDB's imported
        } catch (software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException e) {
            kinesis.createStream(r -> r.streamName(name).shardCount(shards));
            summary = awaitActive(name);
            report("stream", name, "created", shards + " shards");
        }
        if (summary.streamStatus() != StreamStatus.ACTIVE) {
            summary = awaitActive(name);
        }
        return new Deployed(name, Map.of("Arn", summary.streamARN()));
    }

    /** Polls (the SDK waiter sleeps ~10 s between looks; the emulator is ready in well under one). */
    private StreamDescriptionSummary awaitActive(String name) {
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            StreamDescriptionSummary summary =
                    kinesis.describeStreamSummary(r -> r.streamName(name)).streamDescriptionSummary();
            if (summary.streamStatus() == StreamStatus.ACTIVE) {
                return summary;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("stream " + name + " still " + summary.streamStatus() + " after 30 s");
            }
            pause(100);
        }
    }

    private Deployed queue(Map<String, Object> props) {
        String name = (String) props.get("QueueName");
        Map<QueueAttributeName, String> attributes = new HashMap<>();
        copy(props, "VisibilityTimeout", QueueAttributeName.VISIBILITY_TIMEOUT, attributes);
        copy(props, "MessageRetentionPeriod", QueueAttributeName.MESSAGE_RETENTION_PERIOD, attributes);
        copy(props, "DelaySeconds", QueueAttributeName.DELAY_SECONDS, attributes);
        copy(props, "ReceiveMessageWaitTimeSeconds", QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS, attributes);
        copy(props, "FifoQueue", QueueAttributeName.FIFO_QUEUE, attributes);
        copy(props, "ContentBasedDeduplication", QueueAttributeName.CONTENT_BASED_DEDUPLICATION, attributes);
        if (props.get("RedrivePolicy") != null) {
            Map<String, Object> redrive = map(props.get("RedrivePolicy"));
            attributes.put(
                    QueueAttributeName.REDRIVE_POLICY,
                    "{\"deadLetterTargetArn\":\"" + redrive.get("deadLetterTargetArn") + "\",\"maxReceiveCount\":\""
                            + redrive.get("maxReceiveCount") + "\"}");
        }
        boolean existed = sqs.listQueues(r -> r.queueNamePrefix(name)).queueUrls().stream()
                .anyMatch(u -> u.endsWith("/" + name));
        String url =
                sqs.createQueue(r -> r.queueName(name).attributes(attributes)).queueUrl();
        String arn = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
        report(
                "queue",
                name,
                existed ? "exists" : "created",
                attributes.containsKey(QueueAttributeName.REDRIVE_POLICY)
                        ? "redrive to "
                                + shortArn(String.valueOf(
                                        map(props.get("RedrivePolicy")).get("deadLetterTargetArn")))
                        : "");
        return new Deployed(url, Map.of("Arn", arn, "QueueName", name, "QueueUrl", url));
    }

    private Deployed topic(Map<String, Object> props) {
        String name = (String) props.get("TopicName");
        String arn = sns.createTopic(r -> r.name(name)).topicArn();
        report("topic", name, "ready", "");
        return new Deployed(arn, Map.of("TopicArn", arn, "TopicName", name));
    }

    private Deployed subscription(Map<String, Object> props) {
        String topicArn = (String) props.get("TopicArn");
        String protocol = (String) props.get("Protocol");
        String endpoint = (String) props.get("Endpoint");
        String raw = String.valueOf(props.getOrDefault("RawMessageDelivery", false));
        var existing = sns.listSubscriptionsByTopic(r -> r.topicArn(topicArn)).subscriptions().stream()
                .filter(s -> protocol.equals(s.protocol()) && endpoint.equals(s.endpoint()))
                .findFirst();
        String arn = existing.map(s -> s.subscriptionArn())
                .orElseGet(() -> sns.subscribe(r -> r.topicArn(topicArn)
                                .protocol(protocol)
                                .endpoint(endpoint)
                                .returnSubscriptionArn(true)
                                .attributes(Map.of("RawMessageDelivery", raw)))
                        .subscriptionArn());
        report(
                "subscription",
                shortArn(topicArn) + " -> " + shortArn(endpoint),
                existing.isPresent() ? "exists" : "created",
                "raw=" + raw);
        return new Deployed(arn, Map.of());
    }

    private Deployed table(Map<String, Object> props) {
        String name = (String) props.get("TableName");
        TableDescription table;
        String state;
        try {
            table = dynamodb.describeTable(r -> r.tableName(name)).table();
            state = "exists";
        } catch (ResourceNotFoundException e) {
            List<GlobalSecondaryIndex> indexes = list(props.get("GlobalSecondaryIndexes")).stream()
                    .map(Template::map)
                    .map(gsi -> GlobalSecondaryIndex.builder()
                            .indexName((String) gsi.get("IndexName"))
                            .keySchema(keySchema(gsi.get("KeySchema")))
                            .projection(projection(gsi.get("Projection")))
                            .build())
                    .toList();
            List<LocalSecondaryIndex> localIndexes = list(props.get("LocalSecondaryIndexes")).stream()
                    .map(Template::map)
                    .map(lsi -> LocalSecondaryIndex.builder()
                            .indexName((String) lsi.get("IndexName"))
                            .keySchema(keySchema(lsi.get("KeySchema")))
                            .projection(projection(lsi.get("Projection")))
                            .build())
                    .toList();
            table = dynamodb.createTable(r -> r.tableName(name)
                            .billingMode(String.valueOf(props.getOrDefault("BillingMode", "PAY_PER_REQUEST")))
                            .attributeDefinitions(list(props.get("AttributeDefinitions")).stream()
                                    .map(Template::map)
                                    .map(a -> AttributeDefinition.builder()
                                            .attributeName((String) a.get("AttributeName"))
                                            .attributeType((String) a.get("AttributeType"))
                                            .build())
                                    .toList())
                            .keySchema(keySchema(props.get("KeySchema")))
                            .globalSecondaryIndexes(indexes.isEmpty() ? null : indexes)
                            .localSecondaryIndexes(localIndexes.isEmpty() ? null : localIndexes))
                    .tableDescription();
            state = "created";
        }
        Map<String, Object> ttl = map(props.get("TimeToLiveSpecification"));
        String detail = table.globalSecondaryIndexes().isEmpty()
                ? ""
                : "GSIs "
                        + String.join(
                                ", ",
                                table.globalSecondaryIndexes().stream()
                                        .map(i -> i.indexName())
                                        .toList());
        if (!table.localSecondaryIndexes().isEmpty()) {
            detail += (detail.isEmpty() ? "" : "; ") + "LSIs "
                    + String.join(
                            ", ",
                            table.localSecondaryIndexes().stream()
                                    .map(i -> i.indexName())
                                    .toList());
        }
        if (Boolean.parseBoolean(String.valueOf(ttl.get("Enabled")))) {
            String attribute = (String) ttl.get("AttributeName");
            TimeToLiveStatus status = dynamodb.describeTimeToLive(r -> r.tableName(name))
                    .timeToLiveDescription()
                    .timeToLiveStatus();
            if (status != TimeToLiveStatus.ENABLED && status != TimeToLiveStatus.ENABLING) {
                dynamodb.updateTimeToLive(r -> r.tableName(name)
                        .timeToLiveSpecification(s -> s.attributeName(attribute).enabled(true)));
            }
            detail += (detail.isEmpty() ? "" : "; ") + "TTL on " + attribute;
        }
        report("table", name, state, detail);
        return new Deployed(name, Map.of("Arn", table.tableArn()));
    }

    private static Projection projection(Object projection) {
        return Projection.builder()
                .projectionType((String) map(projection).get("ProjectionType"))
                .nonKeyAttributes(strings(map(projection).get("NonKeyAttributes")))
                .build();
    }

    private Deployed searchDomain(Map<String, Object> props, Map<String, Object> metadata) {
        String name = (String) props.get("DomainName");
        URI endpoint = LocalEndpoints.opensearch();
        for (Map.Entry<String, Object> index : map(metadata.get("Indexes")).entrySet()) {
            Path mapping = template.root().resolve(String.valueOf(index.getValue()));
            URI uri = endpoint.resolve("/" + index.getKey());
            int exists = send(HttpRequest.newBuilder(uri)
                            .method("HEAD", HttpRequest.BodyPublishers.noBody())
                            .build())
                    .statusCode();
            if (exists == 200) {
                report("index", index.getKey(), "exists", "");
                continue;
            }
            HttpResponse<String> created = send(HttpRequest.newBuilder(uri)
                    .header("content-type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(read(mapping)))
                    .build());
            if (created.statusCode() != 200 && !created.body().contains("resource_already_exists_exception")) {
                throw new IllegalStateException("creating index " + index.getKey() + " from " + mapping + ": HTTP "
                        + created.statusCode() + " " + created.body());
            }
            report("index", index.getKey(), "created", "from " + template.root().relativize(mapping));
        }
        return new Deployed(
                name,
                Map.of(
                        "DomainEndpoint",
                        endpoint.toString(),
                        "Arn",
                        "arn:aws:es:" + LocalEndpoints.REGION + ":" + LocalEndpoints.ACCOUNT_ID + ":domain/" + name));
    }

    /** Resources ordered so that each comes after those it refers to. */
    static List<Resource> inDependencyOrder(Map<String, Resource> resources) {
        Set<String> placed = new LinkedHashSet<>();
        List<Resource> order = new ArrayList<>();
        for (String id : resources.keySet()) {
            place(id, resources, placed, new LinkedHashSet<>(), order);
        }
        return order;
    }

    private static void place(
            String id,
            Map<String, Resource> resources,
            Set<String> placed,
            Set<String> visiting,
            List<Resource> order) {
        Resource resource = resources.get(id);
        if (resource == null || placed.contains(id)) {
            return;
        }
        if (!visiting.add(id)) {
            throw new IllegalStateException("template.yaml has a reference cycle through " + visiting);
        }
        for (String dependency : Intrinsics.references(resource.properties())) {
            place(dependency.split("\\.", 2)[0], resources, placed, visiting, order);
        }
        placed.add(id);
        order.add(resource);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("OpenSearch at " + request.uri() + " did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private void report(String kind, String name, String state, String detail) {
        log.accept(String.format("  %-13s %-44s %-8s %s", kind, name, state, detail));
    }

    private static String shortArn(String arn) {
        return arn.substring(arn.lastIndexOf(':') + 1);
    }

    private static List<KeySchemaElement> keySchema(Object value) {
        return list(value).stream()
                .map(Template::map)
                .map(k -> KeySchemaElement.builder()
                        .attributeName((String) k.get("AttributeName"))
                        .keyType((String) k.get("KeyType"))
                        .build())
                .toList();
    }

    private static void copy(
            Map<String, Object> props,
            String property,
            QueueAttributeName name,
            Map<QueueAttributeName, String> attributes) {
        if (props.get(property) != null) {
            attributes.put(name, String.valueOf(props.get(property)));
        }
    }

    private static List<Object> list(Object value) {
        return value instanceof List<?> l ? new ArrayList<>(l) : List.of();
    }

    private static List<String> strings(Object value) {
        List<String> strings = list(value).stream().map(String::valueOf).toList();
        return strings.isEmpty() ? null : strings;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
