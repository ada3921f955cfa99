package io.yubl.middleware.http;

import io.yubl.contracts.Problem;
import java.util.List;
import java.util.Map;

/**
 * An HTTP error a route answers with: status, a machine-readable code, a message for people, and the fields at fault.
 * The middleware renders it as JSON with the request's correlation id.
 */
public class HttpError extends RuntimeException {
    private final int status;
    private final String code;
    private final List<Problem> fields;
    private final Map<String, String> headers;

    public HttpError(int status, String code, String message, List<Problem> fields, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.fields = List.copyOf(fields);
        this.headers = Map.copyOf(headers);
    }

    public HttpError(int status, String code, String message) {
        this(status, code, message, List.of(), Map.of());
    }

    /** 400, naming every field at fault. */
    public static HttpError badRequest(List<Problem> problems) {
        StringBuilder message = new StringBuilder();
        for (Problem p : problems) {
            message.append(message.isEmpty() ? "" : "; ")
                    .append(p.path())
                    .append(": ")
                    .append(p.message());
        }
        return new HttpError(400, "invalid_request", message.toString(), problems, Map.of());
    }

    public static HttpError badRequest(String field, String message) {
        return badRequest(List.of(new Problem(field, message)));
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<Problem> fields() {
        return fields;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
