package io.yubl.apis.relationships;

import io.yubl.middleware.http.HttpApiHandler;
import io.yubl.stores.Dynamo;
import io.yubl.stores.RelationshipPages;

/** The relationship API on Lambda (HTTP API, payload 2.0). */
public class RelationshipApiHandler extends HttpApiHandler {
    private static final RelationshipApi API = new RelationshipApi(RelationshipPages.fromEnvironment(Dynamo.client()));

    public RelationshipApiHandler() {
        super(API.endpoints());
    }
}
