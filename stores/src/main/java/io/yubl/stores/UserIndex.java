package io.yubl.stores;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yubl.contracts.Contracts;
import io.yubl.runtime.Environment;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The OpenSearch {@code users} index. Documents are versioned externally by the time of the event that produced them,
 * so a stale or repeated event never overwrites a newer profile.
 */
public final class UserIndex {
    public static final String MAPPING = "/search/users-index.json";

    private final SignedHttp http;
    private final String index;

    public UserIndex(SignedHttp http, String index) {
        this.http = http;
        this.index = index;
    }

    public static UserIndex fromEnvironment() {
        return new UserIndex(
                new SignedHttp(Environment.required("SEARCH_ENDPOINT"), "es"),
                Environment.optional("USERS_INDEX", "users"));
    }

    /** Creates the index with the contracts' mapping if it does not exist (on AWS, at a function's cold start). */
    public void ensureExists() {
        if (http.send("HEAD", "/" + index, null).status() == 200) {
            return;
        }
        SignedHttp.Response created = http.send("PUT", "/" + index, mapping());
        if (created.status() != 200 && !String.valueOf(created.body()).contains("resource_already_exists_exception")) {
            throw new IllegalStateException(
                    "creating index " + index + ": HTTP " + created.status() + " " + created.body());
        }
    }

    /** Indexes the user as of their document's time; false when the index already holds a newer version. */
    public boolean put(UserDocument user) {
        ObjectNode doc = Contracts.json().createObjectNode();
        doc.put("userId", user.userId());
        doc.put("username", user.username());
        doc.put("firstName", user.firstName());
        doc.put("lastName", user.lastName());
        doc.put("updatedAt", user.updatedAt().toString());
        SignedHttp.Response response = http.send(
                "PUT",
                "/" + index + "/_doc/" + user.userId() + "?version_type=external&version="
                        + user.updatedAt().toEpochMilli(),
                doc.toString());
        if (response.status() == 409) {
            return false;
        }
        if (response.status() / 100 != 2) {
            throw new IllegalStateException(
                    "indexing user " + user.userId() + ": HTTP " + response.status() + " " + response.body());
        }
        return true;
    }

    /**
     * Users matching the query on first name, last name or username: by prefix (the index holds edge n-grams), case-
     * and accent-insensitive, forgiving a typo in words of three letters or more; an exact username first, then exact
     * names, then the rest by relevance.
     */
    public List<UserDocument> search(String query, int limit) {
        ObjectNode body = Contracts.json().createObjectNode();
        body.put("size", limit);
        ObjectNode bool = body.putObject("query").putObject("bool");
        var should = bool.putArray("should");
        should.addObject()
                .putObject("term")
                .putObject("username.exact")
                .put("value", query.toLowerCase(Locale.ROOT))
                .put("boost", 20);
        ObjectNode exactNames = should.addObject().putObject("multi_match");
        exactNames
                .put("query", query)
                .put("boost", 5)
                .putArray("fields")
                .add("firstName.exact")
                .add("lastName.exact");
        ObjectNode prefixes = should.addObject().putObject("multi_match");
        prefixes.put("query", query)
                .put("fuzziness", "AUTO")
                .put("prefix_length", 1)
                .put("operator", "and")
                .putArray("fields")
                .add("username^3")
                .add("firstName^2")
                .add("lastName^2");
        bool.put("minimum_should_match", 1);
        SignedHttp.Response response = http.send("POST", "/" + index + "/_search", body.toString());
        if (response.status() != 200) {
            throw new IllegalStateException(
                    "searching " + index + ": HTTP " + response.status() + " " + response.body());
        }
        List<UserDocument> users = new ArrayList<>();
        for (var hit : response.body().path("hits").path("hits")) {
            var source = hit.path("_source");
            users.add(new UserDocument(
                    source.path("userId").asText(),
                    source.path("username").asText(),
                    source.path("firstName").asText(),
                    source.path("lastName").asText(),
                    Instant.parse(source.path("updatedAt").asText())));
        }
        return users;
    }

    private static String mapping() {
        try (InputStream in = UserIndex.class.getResourceAsStream(MAPPING)) {
            if (in == null) {
                throw new IllegalStateException("no " + MAPPING + " on the classpath");
            }
            return new String(in.readAllBytes(), UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
