package io.yubl.middleware.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** What a route answers: a status, headers, and a JSON body. */
public record HttpResponse(int status, Map<String, String> headers, JsonNode body) {

    public static HttpResponse json(int status, JsonNode body) {
        return new HttpResponse(status, Map.of(), body);
    }
}
