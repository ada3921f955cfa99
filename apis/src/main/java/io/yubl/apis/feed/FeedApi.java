package io.yubl.apis.feed;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yubl.apis.Parameters;
import io.yubl.apis.yubls.YublApi;
import io.yubl.contracts.Contracts;
import io.yubl.middleware.auth.Access;
import io.yubl.middleware.http.HttpApiHandler.Endpoint;
import io.yubl.middleware.http.HttpError;
import io.yubl.middleware.http.HttpRequest;
import io.yubl.middleware.http.HttpResponse;
import io.yubl.stores.Cursors;
import io.yubl.stores.Dynamo;
import io.yubl.stores.FeedEntry;
import io.yubl.stores.FeedRepository;
import io.yubl.stores.InvalidCursorException;
import io.yubl.stores.Yubl;
import io.yubl.stores.YublRepository;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The feed API: the caller's feed, newest first, each yubl hydrated from the yubls table (one BatchGetItem a page).
 * The cursor is the position after the last item (signed), so items arriving meanwhile (newer, at the top) never shift
 * a later page: nothing is skipped or repeated. A yubl deleted since it reached the feed is left out.
 */
public final class FeedApi {
    public static final int DEFAULT_LIMIT = 20;

    private final FeedRepository feeds;
    private final YublRepository yubls;
    private final Cursors cursors;

    /** On Lambda: the feeds and yubls tables and the cursor secret the template names. */
    public static FeedApi fromEnvironment() {
        DynamoDbClient dynamodb = Dynamo.client();
        return new FeedApi(
                FeedRepository.fromEnvironment(dynamodb),
                YublRepository.fromEnvironment(dynamodb),
                Cursors.fromEnvironment());
    }

    public FeedApi(FeedRepository feeds, YublRepository yubls, Cursors cursors) {
        this.feeds = feeds;
        this.yubls = yubls;
        this.cursors = cursors;
    }

    public List<Endpoint> endpoints() {
        return List.of(
                new Endpoint(
                        "GET /feed", Access.users(), r -> feed(r, r.principal().id())),
                new Endpoint("GET /users/{userId}/feed", Access.users(), r -> {
                    if (!r.principal().id().equals(r.pathParameter("userId"))) {
                        throw new HttpError(403, "forbidden", "a feed can only be read by its owner");
                    }
                    return feed(r, r.principal().id());
                }));
    }

    private HttpResponse feed(HttpRequest request, String userId) {
        int limit = Parameters.limit(request, DEFAULT_LIMIT);
        Map<String, AttributeValue> after;
        try {
            after = cursors.decode(request.queryParameter("cursor"), userId, Set.of("userId", "feedKey"));
        } catch (InvalidCursorException e) {
            throw HttpError.badRequest("cursor", e.getMessage());
        }
        FeedRepository.FeedPage page = feeds.page(userId, limit, after);
        Map<String, Yubl> hydrated =
                yubls.getAll(page.entries().stream().map(FeedEntry::yublId).toList());
        ObjectNode body = Contracts.json().createObjectNode();
        ArrayNode items = body.putArray("items");
        for (FeedEntry entry : page.entries()) {
            Yubl yubl = hydrated.get(entry.yublId());
            if (yubl != null) {
                items.add(YublApi.json(yubl));
            }
        }
        Parameters.nextCursor(body, cursors.encode(page.after()));
        return HttpResponse.json(200, body);
    }
}
