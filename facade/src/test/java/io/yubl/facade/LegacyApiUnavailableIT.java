package io.yubl.facade;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.yubl.contracts.Contracts;
import io.yubl.contracts.RetryPolicy;
import io.yubl.middleware.http.HttpApiHandler;
import io.yubl.producers.EventPublisher;
import io.yubl.producers.it.LocalKinesis;
import io.yubl.runtime.Clients;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * When the stream or the key store cannot be reached, the caller is told so (503, retry later), with its
 * correlation id.
 */
class LegacyApiUnavailableIT {

    @Test
    void a_publish_that_fails_is_a_503_with_retry_after_and_the_correlation_id() throws Exception {
        // Given a facade whose stream does not exist (a call without an idempotency key never reads the key table)
        try (KinesisClient kinesis = LocalKinesis.client();
                DynamoDbClient dynamodb = dynamoAt(localDynamoPort())) {
            HttpApiHandler handler = facade(kinesis, dynamodb);

            // When
            APIGatewayV2HTTPResponse response = handler.handleRequest(post("corr-503", Map.of()), null);

            // Then
            assertThat(response.getStatusCode()).isEqualTo(503);
            assertThat(response.getHeaders())
                    .containsEntry("retry-after", "1")
                    .containsEntry("x-correlation-id", "corr-503");
            assertThat(Contracts.json()
                            .readTree(response.getBody())
                            .get("correlationId")
                            .asText())
                    .isEqualTo("corr-503");
        }
    }

    @Test
    void a_key_store_that_cannot_be_reached_is_a_503_with_retry_after_not_a_500() throws Exception {
        // Given a facade whose key store answers nothing (a port nobody listens on)
        try (KinesisClient kinesis = LocalKinesis.client();
                DynamoDbClient dynamodb = dynamoAt(closedPort())) {
            HttpApiHandler handler = facade(kinesis, dynamodb);

            // When a post with an idempotency key comes
            APIGatewayV2HTTPResponse response =
                    handler.handleRequest(post("corr-keys-503", Map.of("idempotency-key", "k-1")), null);

            // Then
            assertThat(response.getStatusCode()).isEqualTo(503);
            assertThat(response.getHeaders()).containsEntry("retry-after", "1");
            assertThat(Contracts.json()
                            .readTree(response.getBody())
                            .get("message")
                            .asText())
                    .contains("the idempotency key could not be checked");
        }
    }

    /**
     * The facade's chain around an API whose stream does not exist (LegacyApiHandler builds its own from the
     * environment).
     */
    private static HttpApiHandler facade(KinesisClient kinesis, DynamoDbClient dynamodb) {
        return new HttpApiHandler(new LegacyApi(
                        new EventPublisher(
                                kinesis,
                                "no-such-stream",
                                new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(20))),
                        new IdempotencyKeys(dynamodb, "yubl-local-idempotency-keys", Clock.systemUTC()))
                .endpoints()) {};
    }

    private static APIGatewayV2HTTPEvent post(String correlationId, Map<String, String> moreHeaders) {
        APIGatewayV2HTTPEvent.RequestContext.Authorizer monolith =
                new APIGatewayV2HTTPEvent.RequestContext.Authorizer();
        monolith.setLambda(Map.of("principal", "service:" + LegacyApi.CALLER));
        APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
        context.setAuthorizer(monolith);
        Map<String, String> headers = new HashMap<>(moreHeaders);
        headers.put("x-correlation-id", correlationId);
        return APIGatewayV2HTTPEvent.builder()
                .withRequestContext(context)
                .withRouteKey("POST /legacy/users/{userId}/yubls")
                .withPathParameters(Map.of("userId", "u-ada"))
                .withHeaders(headers)
                .withBody("{\"text\":\"hello\"}")
                .build();
    }

    private static int localDynamoPort() {
        return Integer.parseInt(System.getenv().getOrDefault("YUBL_DYNAMODB_PORT", "8000"));
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static DynamoDbClient dynamoAt(int port) {
        return Clients.build(DynamoDbClient.builder()
                .region(Region.US_EAST_1)
                .endpointOverride(URI.create("http://127.0.0.1:" + port))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))));
    }
}
