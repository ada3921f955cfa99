package io.yubl.processors.distribute;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import io.yubl.contracts.Contracts;
import io.yubl.contracts.RetryPolicy;
import io.yubl.middleware.auth.ServiceToken;
import io.yubl.middleware.auth.TokenSigner;
import io.yubl.runtime.Correlation;
import io.yubl.runtime.Environment;
import io.yubl.stores.IdRange;
import io.yubl.stores.Page;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The relationship API as distribute-yubl calls it: {@code GET /users/{id}/followers?limit=&cursor=} (and {@code
 * from}, {@code before}, {@code order} for a part of the listing), with its own service token and the current
 * correlation ids as headers. 5xx answers, 429 and I/O errors are retried with backoff; anything else fails.
 */
public final class RelationshipClient {
    private final URI baseUrl;
    private final HttpClient http;
    private final RetryPolicy retryPolicy;
    private final ServiceToken token;

    public RelationshipClient(URI baseUrl, ServiceToken token, RetryPolicy retryPolicy) {
        this.token = token;
        this.baseUrl = URI.create(baseUrl.toString().endsWith("/") ? baseUrl.toString() : baseUrl + "/");
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        this.retryPolicy = retryPolicy;
    }

    public static RelationshipClient fromEnvironment() {
        return new RelationshipClient(
                URI.create(Environment.required("RELATIONSHIP_API_URL")),
                new ServiceToken(TokenSigner.fromEnvironment(), "distribute-yubl"),
                RetryPolicy.DEFAULT);
    }

    /** The user's last follower in id order, if any. */
    public Optional<String> lastFollower(String userId) {
        return followers(userId, 1, null, IdRange.ALL_DESCENDING).items().stream()
                .findFirst();
    }

    /** A page of the range of the user's followers: from the cursor, or from the range's start when there is none. */
    public Page<String> followers(String userId, int limit, String cursor, IdRange range) {
        String path = "users/" + URLEncoder.encode(userId, UTF_8) + "/followers?limit=" + limit
                + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, UTF_8))
                + (cursor != null || range.from() == null ? "" : "&from=" + range.from())
                + (range.before() == null ? "" : "&before=" + range.before())
                + (range.descending() ? "&order=desc" : "");
        HttpRequest.Builder request = HttpRequest.newBuilder(baseUrl.resolve(path))
                .timeout(Duration.ofSeconds(10))
                .GET()
                .header("authorization", token.bearer());
        Correlation.ids().forEach(request::header);
        HttpRequest built = request.build();
        return retryPolicy.call("relationship API " + built.uri(), () -> {
            HttpResponse<String> response;
            try {
                response = http.send(built, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new RetryPolicy.TransientFailure(e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            String failure = "HTTP " + response.statusCode() + " " + response.body();
            if (response.statusCode() >= 500 || response.statusCode() == 429) {
                throw new RetryPolicy.TransientFailure(failure);
            }
            if (response.statusCode() != 200) {
                throw new IllegalStateException("relationship API refused " + built.uri() + ": " + failure);
            }
            JsonNode body = readTree(response.body());
            List<String> ids = new ArrayList<>();
            body.path("items").forEach(item -> ids.add(item.path("userId").asText()));
            JsonNode next = body.path("nextCursor");
            return new Page<>(ids, next.isTextual() ? next.asText() : null);
        });
    }

    private static JsonNode readTree(String body) {
        try {
            return Contracts.json().readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("the relationship API answered 200 with a body that is not JSON", e);
        }
    }
}
