package io.yubl.facade;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.yubl.contracts.Contracts;
import io.yubl.producers.EventPublisher;
import io.yubl.producers.it.LocalKinesis;
import io.yubl.middleware.Clients;
import io.yubl.contracts.RetryPolicy;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** When the stream cannot take the event, the caller is told so (503, retry later), with its correlation id. */
class LegacyApiUnavailableIT {

    @Test
    void a_publish_that_fails_is_a_503_with_retry_after_and_the_correlation_id() throws Exception {
        // Given a facade whose stream does not exist (a call without an idempotency key never reads the key table)
        try (KinesisClient kinesis = LocalKinesis.client(); DynamoDbClient dynamodb = localDynamo()) {
            LegacyApiHandler handler = new LegacyApiHandler(new LegacyApi(new EventPublisher(kinesis, "no-such-stream",
                    new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(20))),
                    new IdempotencyKeys(dynamodb, "no-such-table", Clock.systemUTC())));

            APIGatewayV2HTTPEvent.RequestContext.Authorizer monolith = new APIGatewayV2HTTPEvent.RequestContext.Authorizer();
            monolith.setLambda(Map.of("principal", "service:" + LegacyApi.CALLER));
            APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
            context.setAuthorizer(monolith);

            APIGatewayV2HTTPResponse response = handler.handleRequest(APIGatewayV2HTTPEvent.builder()
                    .withRequestContext(context)
                    .withRouteKey("POST /legacy/users/{userId}/yubls")
                    .withPathParameters(Map.of("userId", "u-ada"))
                    .withHeaders(Map.of("x-correlation-id", "corr-503"))
                    .withBody("{\"text\":\"hello\"}")
                    .build(), null);

            assertThat(response.getStatusCode()).isEqualTo(503);
            assertThat(response.getHeaders()).containsEntry("retry-after", "1").containsEntry("x-correlation-id", "corr-503");
            assertThat(Contracts.json().readTree(response.getBody()).get("correlationId").asText()).isEqualTo("corr-503");
        }
    }

    private static DynamoDbClient localDynamo() {
        return Clients.build(DynamoDbClient.builder().region(Region.US_EAST_1)
                .endpointOverride(URI.create("http://127.0.0.1:" + System.getenv().getOrDefault("YUBL_DYNAMODB_PORT", "8000")))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))));
    }
}
