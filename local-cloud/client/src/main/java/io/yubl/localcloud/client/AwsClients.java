package io.yubl.localcloud.client;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Real AWS SDK v2 clients pointed at the local emulators. */
public final class AwsClients {
    private AwsClients() {}

    public static KinesisClient kinesis() {
        return local(KinesisClient.builder(), LocalEndpoints.kinesis()).build();
    }

    public static DynamoDbClient dynamodb() {
        return local(DynamoDbClient.builder(), LocalEndpoints.dynamodb()).build();
    }

    public static SnsClient sns() {
        return local(SnsClient.builder(), LocalEndpoints.snsSqs()).build();
    }

    public static SqsClient sqs() {
        return local(SqsClient.builder(), LocalEndpoints.snsSqs()).build();
    }

    public static SecretsManagerClient secretsManager() {
        return local(SecretsManagerClient.builder(), LocalEndpoints.secretsManager())
                .build();
    }

    private static <B extends AwsClientBuilder<B, ?>> B local(B builder, URI endpoint) {
        builder.endpointOverride(endpoint)
                .region(Region.of(LocalEndpoints.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(LocalEndpoints.ACCESS_KEY, LocalEndpoints.SECRET_KEY)));
        if (builder instanceof AwsSyncClientBuilder<?, ?> sync) {
            sync.httpClientBuilder(ApacheHttpClient.builder().maxConnections(64));
        }
        return builder;
    }

    /**
     * Points every client the default way builds (as handlers do on Lambda) at the emulators, through the SDK's own
     * system properties, so that handler code runs here unchanged.
     */
    public static void useLocalEndpointsByDefault() {
        setIfAbsent("aws.region", LocalEndpoints.REGION);
        setIfAbsent("aws.accessKeyId", LocalEndpoints.ACCESS_KEY);
        setIfAbsent("aws.secretAccessKey", LocalEndpoints.SECRET_KEY);
        setIfAbsent("aws.endpointUrlKinesis", LocalEndpoints.kinesis().toString());
        setIfAbsent("aws.endpointUrlDynamoDb", LocalEndpoints.dynamodb().toString());
        setIfAbsent("aws.endpointUrlSns", LocalEndpoints.snsSqs().toString());
        setIfAbsent("aws.endpointUrlSqs", LocalEndpoints.snsSqs().toString());
        setIfAbsent(
                "aws.endpointUrlSecretsManager", LocalEndpoints.secretsManager().toString());
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }
}
