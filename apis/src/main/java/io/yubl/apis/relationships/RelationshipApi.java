package io.yubl.apis.relationships;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yubl.apis.Parameters;
import io.yubl.contracts.Contracts;
import io.yubl.middleware.auth.Access;
import io.yubl.middleware.http.HttpApiHandler.Endpoint;
import io.yubl.middleware.http.HttpError;
import io.yubl.middleware.http.HttpRequest;
import io.yubl.middleware.http.HttpResponse;
import io.yubl.stores.IdRange;
import io.yubl.stores.InvalidCursorException;
import io.yubl.stores.Page;
import io.yubl.stores.RelationshipPages;
import java.util.List;

/**
 * The relationship API: a user's followers and following, in pages of up to 5,000 ids with an opaque cursor. It is
 * what distribute-yubl calls to fan a yubl out, and every page is a call through API Gateway, the authorizer and this
 * function that the fan-out waits on, so a page may be large: 5,000 relations of the longest ids are more than one
 * DynamoDB query answers (1 MB), and then the page takes a second query; its JSON is at most about 400 KB. A listing
 * may be asked for in part ({@code from}, {@code before}) and last id first ({@code order=desc}): a large fan-out
 * reads the last follower, then walks several ranges side by side.
 */
public final class RelationshipApi {
    public static final int DEFAULT_LIMIT = 25;
    public static final int MAX_LIMIT = 5_000;

    private final RelationshipPages relationships;

    public RelationshipApi(RelationshipPages relationships) {
        this.relationships = relationships;
    }

    /** Any user may list anyone's relationships; distribute-yubl, with its service token, lists followers. */
    public List<Endpoint> endpoints() {
        Access access = Access.usersAndServices("distribute-yubl");
        return List.of(
                new Endpoint("GET /users/{userId}/followers", access, r -> list(r, true)),
                new Endpoint("GET /users/{userId}/following", access, r -> list(r, false)));
    }

    private HttpResponse list(HttpRequest request, boolean followers) {
        String userId = request.pathParameter("userId");
        int limit = Parameters.limit(request, DEFAULT_LIMIT, MAX_LIMIT);
        String cursor = request.queryParameter("cursor");
        IdRange range = Parameters.range(request);
        Page<String> page;
        try {
            page = followers
                    ? relationships.followers(userId, limit, cursor, range)
                    : relationships.following(userId, limit, cursor, range);
        } catch (InvalidCursorException e) {
            throw HttpError.badRequest("cursor", e.getMessage());
        }
        ObjectNode body = Contracts.json().createObjectNode();
        ArrayNode items = body.putArray("items");
        page.items().forEach(id -> items.addObject().put("userId", id));
        Parameters.nextCursor(body, page.nextCursor());
        return HttpResponse.json(200, body);
    }
}
