package io.yubl.apis;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yubl.middleware.http.HttpError;
import io.yubl.middleware.http.HttpRequest;

/** Query parameters checked the same way on every route (a bad one is a 400 that names it), and the cursor of a listing. */
public final class Parameters {
    public static final int MAX_LIMIT = 100;

    private Parameters() {
    }

    /** {@code limit}: a whole number from 1 to 100; the default when absent. */
    public static int limit(HttpRequest request, int fallback) {
        String raw = request.queryParameter("limit");
        if (raw == null) {
            return fallback;
        }
        int limit;
        try {
            limit = Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw HttpError.badRequest("limit", "must be a whole number from 1 to " + MAX_LIMIT + ", was '" + raw + "'");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw HttpError.badRequest("limit", "must be from 1 to " + MAX_LIMIT + ", was " + limit);
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
