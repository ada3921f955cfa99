package io.yubl.middleware.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class HttpRequestTest {

    @Test
    void a_body_that_is_not_valid_utf8_is_a_400_naming_the_body() {
        // Given {"firstName":"\xff\xfe"}, which reaches the function base64-encoded
        byte[] invalid = "{\"firstName\":\"??\"}".getBytes(UTF_8);
        invalid[14] = (byte) 0xff;
        invalid[15] = (byte) 0xfe;
        HttpRequest request = request(Base64.getEncoder().encodeToString(invalid), true);

        // When
        HttpError error = catchThrowableOfType(HttpError.class, request::jsonBody);

        // Then
        assertThat(error.status()).isEqualTo(400);
        assertThat(error.fields()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("body");
            assertThat(p.message()).contains("UTF-8");
        });
    }

    @Test
    void a_valid_utf8_body_is_read_whether_base64_encoded_or_not() {
        String json = "{\"firstName\":\"Zoë\"}";

        assertThat(request(json, false).jsonBody().get("firstName").asText()).isEqualTo("Zoë");
        assertThat(request(Base64.getEncoder().encodeToString(json.getBytes(UTF_8)), true)
                        .jsonBody()
                        .get("firstName")
                        .asText())
                .isEqualTo("Zoë");
    }

    private static HttpRequest request(String body, boolean base64) {
        return new HttpRequest(
                APIGatewayV2HTTPEvent.builder()
                        .withBody(body)
                        .withIsBase64Encoded(base64)
                        .build(),
                null);
    }
}
