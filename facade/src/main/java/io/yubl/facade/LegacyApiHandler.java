package io.yubl.facade;

import io.yubl.middleware.http.HttpApiHandler;

/**
 * The legacy API facade on Lambda (HTTP API, payload 2.0). Its publisher and key store are built once, at
 * initialization.
 */
public class LegacyApiHandler extends HttpApiHandler {
    private static final LegacyApi API = LegacyApi.fromEnvironment();

    public LegacyApiHandler() {
        super(API.endpoints());
    }
}
