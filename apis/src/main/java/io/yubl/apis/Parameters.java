package io.yubl.apis;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yubl.contracts.Ids;
import io.yubl.middleware.http.HttpError;
import io.yubl.middleware.http.HttpRequest;
import io.yubl.stores.IdRange;

/**
 * Query parameters checked the same way on every route (a bad one is a 400 that names it), and the cursor of a listing.
 */
public final class Parameters {
    public static final int MAX_LIMIT = 100;

    private Parameters() {}

    /** {@code limit}: a whole number from 1 to {@link #MAX_LIMIT}; the default when absent. */
    public static int limit(HttpRequest request, int fallback) {
        return limit(request, fallback, MAX_LIMIT);
    }

    /** {@code limit}: a whole number from 1 to {@code max}; the default when absent. */
    public static int limit(HttpRequest request, int fallback, int max) {
        String raw = request.queryParameter("limit");
        if (raw == null) {
            return fallback;
        }
        int limit;
        try {
            limit = Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw HttpError.badRequest("limit", "must be a whole number from 1 to " + max + ", was '" + raw + "'");
        }
        if (limit < 1 || limit > max) {
            throw HttpError.badRequest("limit", "must be from 1 to " + max + ", was " + limit);
        }
        return limit;
    }

    /**
     * The part of a listing asked for: {@code from} (an id, included), {@code before} (an id, left out) and {@code
     * order} ({@code asc}, the default, or {@code desc}). {@code from} starts a listing, so it does not go with a
     * cursor, which says where the listing goes on; {@code before} goes with every page of the range.
     */
    public static IdRange range(HttpRequest request) {
        String from = id(request, "from");
        String before = id(request, "before");
        String order = request.queryParameter("order");
        if (order != null && !order.equals("asc") && !order.equals("desc")) {
            throw HttpError.badRequest("order", "must be 'asc' or 'desc'");
        }
        if (from != null && request.queryParameter("cursor") != null) {
            throw HttpError.badRequest("from", "starts a listing, so it cannot go with a cursor");
        }
        IdRange range = new IdRange(from, before, "desc".equals(order));
        if (range.isEmpty()) {
            throw HttpError.badRequest("before", "must come after 'from' in id order");
        }
        return range;
    }

    private static String id(HttpRequest request, String name) {
        String id = request.queryParameter(name);
        if (id != null && !Ids.isValid(id)) {
            throw HttpError.badRequest(name, Ids.RULE);
        }
        return id;
    }

    /** Puts a listing's {@code nextCursor}: the cursor of the next page, or null on the last. */
    public static void nextCursor(ObjectNode body, String cursor) {
        if (cursor == null) {
            body.putNull("nextCursor");
        } else {
            body.put("nextCursor", cursor);
        }
    }
}
