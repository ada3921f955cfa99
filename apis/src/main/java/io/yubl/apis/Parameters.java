package io.yubl.apis;

import io.yubl.middleware.http.HttpError;
import io.yubl.middleware.http.HttpRequest;

/** Query parameters checked the same way on every route: a bad one is a 400 that names it. */
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
}
