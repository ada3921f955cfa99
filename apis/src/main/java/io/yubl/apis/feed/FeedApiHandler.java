package io.yubl.apis.feed;

import io.yubl.middleware.http.HttpApiHandler;

/** The feed API on Lambda (HTTP API, payload 2.0). */
public class FeedApiHandler extends HttpApiHandler {
    private static final FeedApi API = FeedApi.fromEnvironment();

    public FeedApiHandler() {
        super(API.endpoints());
    }
}
