package io.yubl.apis.yubls;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yubl.contracts.Contracts;
import io.yubl.middleware.auth.Access;
import io.yubl.middleware.http.HttpApiHandler.Endpoint;
import io.yubl.middleware.http.HttpError;
import io.yubl.middleware.http.HttpResponse;
import io.yubl.stores.Yubl;
import io.yubl.stores.YublRepository;
import java.util.List;

/** The yubl API: one yubl by id; 404 when there is none (or it was deleted). */
public final class YublApi {
    private final YublRepository yubls;

    public YublApi(YublRepository yubls) {
        this.yubls = yubls;
    }

    public List<Endpoint> endpoints() {
        return List.of(new Endpoint(
                "GET /yubls/{yublId}",
                Access.users(),
                r -> HttpResponse.json(
                        200,
                        json(yubls.get(r.pathParameter("yublId"))
                                .orElseThrow(() ->
                                        new HttpError(404, "not_found", "no yubl " + r.pathParameter("yublId")))))));
    }

    /** A yubl as every API shows it. */
    public static ObjectNode json(Yubl yubl) {
        return Contracts.json()
                .createObjectNode()
                .put("yublId", yubl.yublId())
                .put("authorId", yubl.authorId())
                .put("text", yubl.text())
                .put("postedAt", yubl.postedAt().toString());
    }
}
