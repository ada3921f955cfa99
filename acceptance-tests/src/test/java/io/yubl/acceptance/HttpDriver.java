package io.yubl.acceptance;

import io.yubl.contracts.Contracts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** TEST_MODE=http: the deployed system, only from the outside, over HTTP at API_BASE_URL. */
final class HttpDriver implements Driver {
    private final URI base;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    HttpDriver(URI base) {
        this.base = URI.create(
                base.toString().endsWith("/")
                        ? base.toString().substring(0, base.toString().length() - 1)
                        : base.toString());
    }

    @Override
    public Response call(String method, String pathAndQuery, Map<String, String> headers, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("content-type", "application/json");
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            Map<String, String> responseHeaders = new LinkedHashMap<>();
            response.headers()
                    .map()
                    .forEach((k, v) -> responseHeaders.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
            String text = response.body();
            return new Response(
                    response.statusCode(),
                    responseHeaders,
                    text == null || text.isBlank() ? null : Contracts.json().readTree(text));
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + pathAndQuery + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
