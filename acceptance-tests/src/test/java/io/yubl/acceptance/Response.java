package io.yubl.acceptance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** What the system answered: status, headers (lower-case names) and JSON body. */
public record Response(int status, Map<String, String> headers, JsonNode body) {

    public String header(String name) {
        return headers.get(name);
    }
}
