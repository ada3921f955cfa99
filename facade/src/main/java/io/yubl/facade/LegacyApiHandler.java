package io.yubl.facade;

import io.yubl.contracts.RetryPolicy;
import io.yubl.middleware.Clients;
import io.yubl.middleware.Environment;
import io.yubl.middleware.http.HttpApiHandler;
import io.yubl.producers.EventPublisher;
import io.yubl.stores.Dynamo;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** The legacy API facade on Lambda (HTTP API, payload 2.0). Its publisher and key store are built once, at initialization. */
public class LegacyApiHandler extends HttpApiHandler {

    public LegacyApiHandler() {
        this(Default.API);
    }

    public LegacyApiHandler(LegacyApi api) {
        super(api.endpoints());
    }

    private static final class Default {
        static final LegacyApi API = new LegacyApi(
                new EventPublisher(Clients.build(KinesisClient.builder()), Environment.required("EVENTS_STREAM"), RetryPolicy.DEFAULT),
                IdempotencyKeys.fromEnvironment(Dynamo.client()));
    }
}
