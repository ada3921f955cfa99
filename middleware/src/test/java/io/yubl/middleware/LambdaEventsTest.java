package io.yubl.middleware;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The event documents are AWS's samples (Lambda developer guide), as the runtime hands them to a stream handler. */
class LambdaEventsTest {

    @Test
    void a_kinesis_event_is_read_with_its_data_decoded_and_its_arrival_in_epoch_seconds() throws IOException {
        KinesisEvent event = LambdaEvents.read(sample("kinesis.json"), KinesisEvent.class);

        KinesisEvent.KinesisEventRecord record = event.getRecords().get(0);
        assertThat(record.getEventSourceARN()).isEqualTo("arn:aws:kinesis:us-east-2:123456789012:stream/lambda-stream");
        assertThat(record.getEventID()).startsWith("shardId-000000000006:");
        assertThat(record.getKinesis().getPartitionKey()).isEqualTo("1");
        assertThat(record.getKinesis().getSequenceNumber())
                .isEqualTo("49590338271490256608559692538361571095921575989136588898");
        assertThat(UTF_8.decode(record.getKinesis().getData()).toString()).isEqualTo("Hello, this is a test.");
        assertThat(record.getKinesis().getApproximateArrivalTimestamp().getTime())
                .isEqualTo(1545084650987L);
    }

    @Test
    void an_sqs_event_is_read_with_its_attributes_and_message_attributes() throws IOException {
        SQSEvent event = LambdaEvents.read(sample("sqs.json"), SQSEvent.class);

        SQSEvent.SQSMessage message = event.getRecords().get(0);
        assertThat(message.getMessageId()).isEqualTo("059f36b4-87a3-44ab-83d2-661975830a7d");
        assertThat(message.getBody()).isEqualTo("test");
        assertThat(message.getEventSourceArn()).isEqualTo("arn:aws:sqs:us-east-2:123456789012:my-queue");
        assertThat(message.getAttributes()).containsEntry("SentTimestamp", "1545082649183");
        assertThat(message.getMessageAttributes().get("x-correlation-id").getStringValue())
                .isEqualTo("c-1");
    }

    @Test
    void an_http_api_event_is_read_with_its_route_parameters_authorizer_context_and_base64_flag() throws IOException {
        APIGatewayV2HTTPEvent event = LambdaEvents.read(sample("http-api.json"), APIGatewayV2HTTPEvent.class);

        assertThat(event.getRouteKey()).isEqualTo("GET /yubls/{yublId}");
        assertThat(event.getPathParameters()).containsEntry("yublId", "y-1");
        assertThat(event.getHeaders()).containsEntry("x-correlation-id", "c-1");
        assertThat(event.getIsBase64Encoded()).isTrue();
        assertThat(event.getBody()).isEqualTo("eyJhIjoxfQ==");
        assertThat(event.getRequestContext().getHttp().getMethod()).isEqualTo("GET");
        assertThat(event.getRequestContext().getAuthorizer().getLambda()).containsEntry("principal", "user:u-1");
        assertThat(event.getRequestContext().getTimeEpoch()).isEqualTo(1583348638390L);
    }

    @Test
    void responses_are_written_in_the_shapes_lambda_reads() throws IOException {
        String batch = written(new StreamsEventResponse(List.of(new StreamsEventResponse.BatchItemFailure("42"))));
        String http = written(APIGatewayV2HTTPResponse.builder()
                .withStatusCode(201)
                .withHeaders(Map.of("content-type", "application/json"))
                .withBody("{}")
                .build());

        assertThat(batch).isEqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\"42\"}]}");
        assertThat(http)
                .contains(
                        "\"statusCode\":201",
                        "\"headers\":{\"content-type\":\"application/json\"}",
                        "\"body\":\"{}\"",
                        "\"isBase64Encoded\":false");
    }

    private static String written(Object response) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LambdaEvents.write(out, response);
        return out.toString(UTF_8);
    }

    private static InputStream sample(String name) {
        return LambdaEventsTest.class.getResourceAsStream("/lambda-events/" + name);
    }
}
