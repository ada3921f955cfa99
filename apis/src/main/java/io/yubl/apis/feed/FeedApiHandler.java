package io.yubl.apis.feed;

import io.yubl.middleware.http.HttpApiHandler;
import io.yubl.stores.Cursors;
import io.yubl.stores.Dynamo;
import io.yubl.stores.FeedRepository;
import io.yubl.stores.YublRepository;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The feed API on Lambda (HTTP API, payload 2.0). */
public class FeedApiHandler extends HttpApiHandler {
    private static final FeedApi API;

    static {
        DynamoDbClient dynamodb = Dynamo.client();
        API = new FeedApi(FeedRepository.fromEnvironment(dynamodb), YublRepository.fromEnvironment(dynamodb), Cursors.fromEnvironment());
    }

    public FeedApiHandler() {
        super(API.endpoints());
    }
}
