package io.yubl.apis.search;

import io.yubl.middleware.http.HttpApiHandler;
import io.yubl.stores.UserIndex;

/** The search API on Lambda (HTTP API, payload 2.0). */
public class SearchApiHandler extends HttpApiHandler {
    private static final SearchApi API = new SearchApi(UserIndex.fromEnvironment());

    public SearchApiHandler() {
        super(API.endpoints());
    }
}
