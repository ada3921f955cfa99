package io.yubl.acceptance;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.yubl.contracts.Contracts;
import io.yubl.localcloud.ApiGateway;
import io.yubl.localcloud.InProcessFunction;
import io.yubl.localcloud.LocalCloud;
import io.yubl.localcloud.Provisioner;
import io.yubl.localcloud.client.AwsClients;
import io.yubl.localcloud.client.Intrinsics;
import io.yubl.localcloud.client.Template;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * TEST_MODE=handler: each call goes to the handler class template.yaml names for its route, in this JVM, as an API
 * Gateway HTTP API (payload 2.0) event, after the authorizer function has run on it, with a test Lambda context
 * (the local cloud's {@link ApiGateway}, without its HTTP server). The handlers work against the real services of the
 * local cloud; the processors they set going run on its function host.
 */
final class HandlerDriver implements Driver {
    private final ApiGateway gateway;

    HandlerDriver(Template template) {
        AwsClients.useLocalEndpointsByDefault();
        Intrinsics intrinsics = Provisioner.local(template, line -> {}).provision();
        LocalCloud.functionEnvironment(template, intrinsics).forEach(System::setProperty);
        List<InProcessFunction> functions = LocalCloud.inProcessFunctions(template, intrinsics);
        gateway = new ApiGateway(functions, LocalCloud.authorizer(template, intrinsics, functions));
    }

    @Override
    public Response call(String method, String pathAndQuery, Map<String, String> headers, String body) {
        Map<String, String> lowerCaseHeaders = new LinkedHashMap<>();
        headers.forEach((k, v) -> lowerCaseHeaders.put(k.toLowerCase(Locale.ROOT), v));
        lowerCaseHeaders.put("content-type", "application/json");
        ApiGateway.Reply reply = gateway.handle(new ApiGateway.Request(
                method,
                URI.create(pathAndQuery),
                lowerCaseHeaders,
                body == null ? null : body.getBytes(UTF_8),
                "127.0.0.1",
                "HTTP/1.1"));
        Map<String, String> responseHeaders = new LinkedHashMap<>();
        reply.headers().forEach((k, v) -> responseHeaders.put(k.toLowerCase(Locale.ROOT), v));
        try {
            return new Response(
                    reply.status(),
                    responseHeaders,
                    reply.body().length == 0 ? null : Contracts.json().readTree(reply.body()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
