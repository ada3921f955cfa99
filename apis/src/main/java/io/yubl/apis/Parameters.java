package io.yubl.apis;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yubl.middleware.http.HttpError;
import io.yubl.middleware.http.HttpRequest;

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

    /** Puts a listing's {@code nextCursor}: the cursor of the next page, or null on the last. */
    public static void nextCursor(ObjectNode body, String cursor) {
        if (cursor == null) {
            body.putNull("nextCursor");
        } else {
            body.put("nextCursor", cursor);
        }
    }
}
