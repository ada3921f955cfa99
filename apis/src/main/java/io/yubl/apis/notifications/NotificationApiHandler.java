package io.yubl.apis.notifications;

import io.yubl.middleware.http.HttpApiHandler;
import io.yubl.stores.Cursors;
import io.yubl.stores.Dynamo;
import io.yubl.stores.notifications.NotificationRepository;

/** The notification API on Lambda (HTTP API, payload 2.0). */
public class NotificationApiHandler extends HttpApiHandler {
    private static final NotificationApi API =
            new NotificationApi(NotificationRepository.fromEnvironment(Dynamo.client()), Cursors.fromEnvironment());

    public NotificationApiHandler() {
        super(API.endpoints());
    }
}
