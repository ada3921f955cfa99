package io.yubl.apis.yubls;

import io.yubl.middleware.http.HttpApiHandler;
import io.yubl.stores.Dynamo;
import io.yubl.stores.YublRepository;

/** The yubl API on Lambda (HTTP API, payload 2.0). */
public class YublApiHandler extends HttpApiHandler {
    private static final YublApi API = new YublApi(YublRepository.fromEnvironment(Dynamo.client()));

    public YublApiHandler() {
        super(API.endpoints());
    }
}
