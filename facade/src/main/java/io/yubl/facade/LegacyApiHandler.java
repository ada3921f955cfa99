package io.yubl.facade;

import io.yubl.middleware.http.HttpApiHandler;
import io.yubl.producers.EventPublisher;
import io.yubl.stores.Dynamo;

/** The legacy API facade on Lambda (HTTP API, payload 2.0). Its publisher and key store are built once, at initialization. */
public class LegacyApiHandler extends HttpApiHandler {

    public LegacyApiHandler() {
        this(Default.API);
    }

    public LegacyApiHandler(LegacyApi api) {
        super(api.endpoints());
    }

    private static final class Default {
        static final LegacyApi API = new LegacyApi(EventPublisher.fromEnvironment(), IdempotencyKeys.fromEnvironment(Dynamo.client()));
    }
}
