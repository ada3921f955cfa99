package io.yubl.apis.search;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yubl.apis.Parameters;
import io.yubl.contracts.Contracts;
import io.yubl.middleware.auth.Access;
import io.yubl.middleware.http.HttpApiHandler.Endpoint;
import io.yubl.middleware.http.HttpError;
import io.yubl.middleware.http.HttpRequest;
import io.yubl.middleware.http.HttpResponse;
import io.yubl.stores.UserDocument;
import io.yubl.stores.UserIndex;
import java.util.List;

/**
 * The search API: users by first name, last name or username; prefix matches, case- and accent-insensitive, one typo
 * forgiven; an exact username ranks first.
 */
public final class SearchApi {
    public static final int DEFAULT_LIMIT = 10;
    public static final int MAX_QUERY = 100;

    private final UserIndex users;

    public SearchApi(UserIndex users) {
        this.users = users;
    }

    public List<Endpoint> endpoints() {
        return List.of(new Endpoint("GET /search/users", Access.users(), this::search));
    }

    private HttpResponse search(HttpRequest request) {
        String q = request.queryParameter("q");
        if (q == null || q.isBlank()) {
            throw HttpError.badRequest("q", "is required: the name or username to look for");
        }
        if (q.length() > MAX_QUERY) {
            throw HttpError.badRequest("q", "must be at most " + MAX_QUERY + " characters, was " + q.length());
        }
        int limit = Parameters.limit(request, DEFAULT_LIMIT);
        ObjectNode body = Contracts.json().createObjectNode();
        ArrayNode items = body.putArray("items");
        for (UserDocument user : users.search(q.trim(), limit)) {
            items.addObject()
                    .put("userId", user.userId())
                    .put("username", user.username())
                    .put("firstName", user.firstName())
                    .put("lastName", user.lastName());
        }
        return HttpResponse.json(200, body);
    }
}
