package io.yubl.producers.facade;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.yubl.producers.EventPublisher;

/** The legacy API facade on Lambda (HTTP API, payload 2.0). Its publisher is built once, at class initialization. */
public class LegacyApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final LegacyApi API = new LegacyApi(EventPublisher.fromEnvironment());

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent request, Context context) {
        return API.handle(request);
    }
}
