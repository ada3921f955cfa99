package io.yubl.apis.notifications;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yubl.apis.Parameters;
import io.yubl.contracts.Contracts;
import io.yubl.middleware.auth.Access;
import io.yubl.middleware.http.HttpApiHandler.Endpoint;
import io.yubl.middleware.http.HttpError;
import io.yubl.middleware.http.HttpRequest;
import io.yubl.middleware.http.HttpResponse;
import io.yubl.stores.Cursors;
import io.yubl.stores.InvalidCursorException;
import io.yubl.stores.notifications.Notification;
import io.yubl.stores.notifications.NotificationRepository;
import io.yubl.stores.notifications.NotificationRepository.Counts;
import io.yubl.stores.notifications.NotificationRepository.NotificationPage;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The notification API: the caller's own notifications, newest activity first, with exact unseen and unread counts;
 * marking them all seen, or one read. Every route works on the caller's notifications only (they are keyed by the
 * caller's id): another user's notification id is simply not found.
 */
public final class NotificationApi {
    public static final int DEFAULT_LIMIT = 20;

    private final NotificationRepository notifications;
    private final Cursors cursors;

    public NotificationApi(NotificationRepository notifications, Cursors cursors) {
        this.notifications = notifications;
        this.cursors = cursors;
    }

    public List<Endpoint> endpoints() {
        return List.of(
                new Endpoint("GET /notifications", Access.users(), this::list),
                new Endpoint("POST /notifications/seen", Access.users(), this::seen),
                new Endpoint("POST /notifications/{id}/read", Access.users(), this::read));
    }

    private HttpResponse list(HttpRequest request) {
        String userId = request.principal().id();
        int limit = Parameters.limit(request, DEFAULT_LIMIT);
        Map<String, AttributeValue> after;
        try {
            after = cursors.decode(
                    request.queryParameter("cursor"), userId, Set.of("userId", "notificationId", "latestKey"));
        } catch (InvalidCursorException e) {
            throw HttpError.badRequest("cursor", e.getMessage());
        }
        NotificationPage page = notifications.page(userId, limit, after);
        ObjectNode body = counts(notifications.counts(userId, page.seenUpTo()));
        var items = body.putArray("items");
        page.items().forEach(n -> items.add(NotificationView.json(n, page.seen(n))));
        Parameters.nextCursor(body, cursors.encode(page.after()));
        return HttpResponse.json(200, body);
    }

    private HttpResponse seen(HttpRequest request) {
        notifications.markSeen(request.principal().id());
        return HttpResponse.json(
                200, counts(notifications.counts(request.principal().id())));
    }

    private HttpResponse read(HttpRequest request) {
        String id = request.pathParameter("id");
        if (!Notification.ID.matcher(id).matches()) {
            throw HttpError.badRequest("id", "must be a notification id such as 'followed-20260101', was '" + id + "'");
        }
        if (!notifications.markRead(request.principal().id(), id)) {
            throw new HttpError(404, "not_found", "you have no notification " + id);
        }
        ObjectNode body = counts(notifications.counts(request.principal().id()));
        body.put("id", id);
        body.put("read", true);
        return HttpResponse.json(200, body);
    }

    private static ObjectNode counts(Counts counts) {
        ObjectNode body = Contracts.json().createObjectNode();
        body.put("unseen", counts.unseen());
        body.put("unread", counts.unread());
        return body;
    }
}
