package io.yubl.apis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yubl.contracts.Contracts;
import io.yubl.contracts.Ids;
import io.yubl.middleware.http.HttpError;
import io.yubl.middleware.http.HttpRequest;
import io.yubl.stores.IdRange;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParametersTest {

    @Test
    void an_absent_limit_is_the_default_and_a_present_one_is_read_trimmed() {
        // Given a request without a limit, and one with " 25"
        HttpRequest without = request(Map.of());
        HttpRequest with = request(Map.of("limit", " 25"));

        // When / Then
        assertThat(Parameters.limit(without, 20)).isEqualTo(20);
        assertThat(Parameters.limit(with, 20)).isEqualTo(25);
        assertThat(Parameters.limit(request(Map.of("limit", "1000")), 20, 1000)).isEqualTo(1000);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "0     | must be from 1 to 100, was 0",
                "101   | must be from 1 to 100, was 101",
                "-3    | must be from 1 to 100, was -3",
                "ten   | must be a whole number from 1 to 100, was 'ten'",
                "2.5   | must be a whole number from 1 to 100, was '2.5'"
            })
    void a_limit_out_of_range_or_not_a_number_is_a_400_that_names_it(String raw, String message) {
        // Given
        HttpRequest request = request(Map.of("limit", raw));

        // When
        HttpError error = catchThrowableOfType(HttpError.class, () -> Parameters.limit(request, 20));

        // Then
        assertThat(error.status()).isEqualTo(400);
        assertThat(error.fields()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("limit");
            assertThat(p.message()).isEqualTo(message);
        });
    }

    @Test
    void the_last_page_has_a_null_next_cursor_and_any_other_its_cursor() {
        // Given two listings' bodies
        ObjectNode last = Contracts.json().createObjectNode();
        ObjectNode more = Contracts.json().createObjectNode();

        // When
        Parameters.nextCursor(last, null);
        Parameters.nextCursor(more, "c-2");

        // Then
        assertThat(last.toString()).isEqualTo("{\"nextCursor\":null}");
        assertThat(more.toString()).isEqualTo("{\"nextCursor\":\"c-2\"}");
    }

    @Test
    void a_range_is_read_from_from_before_and_order_and_is_the_whole_listing_without_them() {
        // Given a request without a range, and one with a range read backwards
        HttpRequest without = request(Map.of());
        HttpRequest with = request(Map.of("from", "user-b", "before", "user-m", "order", "desc"));

        // When / Then
        assertThat(Parameters.range(without)).isEqualTo(IdRange.ALL);
        assertThat(Parameters.range(with)).isEqualTo(new IdRange("user-b", "user-m", true));
        assertThat(Parameters.range(request(Map.of("before", "user-m", "cursor", "c-2"))))
                .isEqualTo(new IdRange(null, "user-m", false));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "from=user 1                | from   | " + Ids.RULE,
                "before=user-1%0A           | before | " + Ids.RULE,
                "order=sideways             | order  | must be 'asc' or 'desc'",
                "from=user-1&cursor=c-2     | from   | starts a listing, so it cannot go with a cursor",
                "from=user-m&before=user-b  | before | must come after 'from' in id order",
                "from=user-m&before=user-m  | before | must come after 'from' in id order"
            })
    void a_range_that_is_not_one_is_a_400_that_names_its_parameter(String query, String name, String message) {
        // Given
        Map<String, String> parameters = new HashMap<>();
        for (String pair : query.split("&")) {
            String[] nameAndValue = pair.split("=", 2);
            parameters.put(nameAndValue[0], nameAndValue[1].replace("%0A", "\n"));
        }

        // When
        HttpError error = catchThrowableOfType(HttpError.class, () -> Parameters.range(request(parameters)));

        // Then
        assertThat(error.status()).isEqualTo(400);
        assertThat(error.fields()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo(name);
            assertThat(p.message()).isEqualTo(message);
        });
    }

    private static HttpRequest request(Map<String, String> query) {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setQueryStringParameters(query);
        return new HttpRequest(event, null);
    }
}
