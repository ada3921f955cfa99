package io.yubl.localcloud;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An API Gateway WebSocket API on one local port, for the routes template.yaml gives it: clients connect to
 * {@code ws://127.0.0.1:PORT/STAGE}; {@code $connect} runs before the handshake and a non-2xx answer refuses it with
 * that status, {@code $disconnect} runs when either side closes, a text message goes to {@code $default}. The
 * Management API is on the same port, {@code POST|GET|DELETE /STAGE/@connections/{id}} (410 GoneException for an
 * unknown connection), so the functions' code runs unchanged. AWS's rules: messages and posts at most 128 KB (413,
 * or close 1009), a connection idle for 10 minutes or open for 2 hours is closed. A {@code $connect} with a Lambda
 * authorizer runs it as API Gateway does: a connect missing one of its identity sources is a 401 without it, its
 * answer must be an IAM policy that allows {@code execute-api:Invoke} on the connect's method ARN (a denial, or no
 * allowing statement, is a 403; a failure or an answer that is no policy a 500), and its context, with its
 * {@code principalId}, reaches {@code $connect} as {@code requestContext.authorizer}.
 */
public final class WebSocketHost implements AutoCloseable {
    static final int MAX_MESSAGE_BYTES = 128 * 1024;
    static final Duration IDLE_TIMEOUT = Duration.ofMinutes(10);
    static final Duration MAX_CONNECTION = Duration.ofHours(2);
    private static final AttributeKey<String> CONNECTION_ID = AttributeKey.valueOf("connectionId");
    private static final AttributeKey<Instant> CONNECTED_AT = AttributeKey.valueOf("connectedAt");
    private static final AttributeKey<WebSocketServerHandshaker> HANDSHAKER = AttributeKey.valueOf("handshaker");
    private static final SecureRandom RANDOM = new SecureRandom();
    static final String API_ID = "local-websocket";

    /** The $connect route's Lambda authorizer: its function, its identity sources, the method ARN it is asked about. */
    public record ConnectAuthorizer(LambdaFunction function, List<String> identitySources, String methodArn) {}

    private final String stage;
    private final Map<String, LambdaFunction> routes;
    private final ConnectAuthorizer authorizer;
    private final Map<String, Channel> connections = new ConcurrentHashMap<>();
    private final ExecutorService invocations = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "websocket-route");
        t.setDaemon(true);
        return t;
    });
    private final EventLoopGroup boss = new NioEventLoopGroup(1);
    private final EventLoopGroup workers = new NioEventLoopGroup(2);
    private final Channel server;

    /** @param authorizer the $connect route's Lambda authorizer, or null */
    public WebSocketHost(int port, String stage, Map<String, LambdaFunction> routes, ConnectAuthorizer authorizer)
            throws InterruptedException {
        this.stage = stage;
        this.routes = Map.copyOf(routes);
        this.authorizer = authorizer;
        server = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline()
                                .addLast(
                                        new HttpServerCodec(),
                                        new HttpObjectAggregator(MAX_MESSAGE_BYTES + 1024),
                                        new IdleStateHandler(0, 0, IDLE_TIMEOUT.toSeconds(), TimeUnit.SECONDS),
                                        new Handler());
                    }
                })
                .bind("127.0.0.1", port)
                .sync()
                .channel();
    }

    public String url() {
        return "ws://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort() + "/" + stage;
    }

    public int openConnections() {
        return connections.size();
    }

    @Override
    public void close() {
        server.close();
        connections.values().forEach(Channel::close);
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        invocations.shutdown();
    }

    private final class Handler extends SimpleChannelInboundHandler<Object> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object message) {
            if (message instanceof FullHttpRequest request) {
                http(ctx, request);
            } else if (message instanceof WebSocketFrame frame) {
                frame(ctx, frame);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof IdleStateEvent) {
                ctx.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            String connectionId = ctx.channel().attr(CONNECTION_ID).get();
            if (connectionId != null && connections.remove(connectionId) != null) {
                invokeQuietly("$disconnect", event("$disconnect", "DISCONNECT", ctx.channel(), null, null));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    private void http(ChannelHandlerContext ctx, FullHttpRequest request) {
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String management = "/" + stage + "/@connections/";
        if (uri.rawPath().startsWith(management)) {
            manage(ctx, request, URLDecoder.decode(uri.rawPath().substring(management.length()), UTF_8));
        } else if (!uri.path().equals("/" + stage) && !uri.path().equals("/" + stage + "/")) {
            respond(ctx, HttpResponseStatus.FORBIDDEN, "{\"message\":\"Forbidden\"}", true);
        } else if (!"websocket".equalsIgnoreCase(request.headers().get(HttpHeaderNames.UPGRADE))) {
            respond(ctx, HttpResponseStatus.valueOf(426), "{\"message\":\"Upgrade Required\"}", true);
        } else {
            connect(ctx, request, uri);
        }
    }

    /** $connect runs first, off the event loop; the handshake happens only if it answers 2xx. */
    private void connect(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri) {
        Channel channel = ctx.channel();
        String connectionId = newConnectionId();
        channel.attr(CONNECTION_ID).set(connectionId);
        channel.attr(CONNECTED_AT).set(Instant.now());
        Map<String, String> headers = new LinkedHashMap<>();
        request.headers().forEach(h -> headers.put(h.getKey(), h.getValue()));
        Map<String, String> query = new LinkedHashMap<>();
        uri.parameters().forEach((name, values) -> query.put(name, values.get(values.size() - 1)));
        FullHttpRequest held = request.retainedDuplicate();
        invocations.execute(() -> {
            Map<String, Object> event = event("$connect", "CONNECT", channel, headers, query);
            int refused = authorize(event, headers, query);
            int status = refused != 0 ? refused : connectStatus(event);
            channel.eventLoop().execute(() -> {
                try {
                    if (status / 100 != 2) {
                        channel.attr(CONNECTION_ID).set(null);
                        respond(ctx, HttpResponseStatus.valueOf(status), "", true);
                        return;
                    }
                    WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(
                                    url(), null, true, MAX_MESSAGE_BYTES)
                            .newHandshaker(held);
                    if (handshaker == null) {
                        WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(channel);
                        return;
                    }
                    channel.attr(HANDSHAKER).set(handshaker);
                    handshaker.handshake(channel, held).addListener(done -> {
                        if (done.isSuccess()) {
                            connections.put(connectionId, channel);
                            channel.eventLoop()
                                    .schedule(
                                            () -> handshaker.close(
                                                    channel, new CloseWebSocketFrame(1001, "Going away")),
                                            MAX_CONNECTION.toSeconds(),
                                            TimeUnit.SECONDS);
                        }
                    });
                } finally {
                    held.release();
                }
            });
        });
    }

    /** 0 when the connect may go on (its authorizer's context added to the event), else the status refusing it. */
    @SuppressWarnings("unchecked")
    private int authorize(Map<String, Object> event, Map<String, String> headers, Map<String, String> query) {
        if (authorizer == null) {
            return 0;
        }
        for (String source : authorizer.identitySources()) {
            if (identity(source, headers, query) == null) {
                return 401;
            }
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("type", "REQUEST");
        request.put("methodArn", authorizer.methodArn());
        request.put("headers", headers);
        request.put("queryStringParameters", query);
        request.put("stageVariables", Map.of());
        request.put("requestContext", event.get("requestContext"));
        Map<String, Object> answer;
        try {
            answer = authorizer.function().invoke(request, Map.class);
        } catch (RuntimeException e) {
            System.out.println("[websocket] the $connect authorizer failed: " + e.getMessage());
            return 500;
        }
        if (answer == null || !(answer.get("policyDocument") instanceof Map<?, ?> policy)) {
            System.out.println("[websocket] the $connect authorizer answered no IAM policy: " + answer);
            return 500;
        }
        if (!ConnectPolicy.allows((Map<String, Object>) policy, authorizer.methodArn())) {
            return 403;
        }
        Map<String, Object> context = new LinkedHashMap<>();
        if (answer.get("context") instanceof Map<?, ?> given) {
            given.forEach((key, value) -> context.put(String.valueOf(key), value));
        }
        context.put("principalId", answer.get("principalId"));
        ((Map<String, Object>) event.get("requestContext")).put("authorizer", context);
        return 0;
    }

    /**
     * The value of an identity source ({@code route.request.querystring.NAME} or {@code route.request.header.NAME}).
     */
    private static String identity(String source, Map<String, String> headers, Map<String, String> query) {
        String value = null;
        if (source.startsWith("route.request.querystring.")) {
            value = query.get(source.substring("route.request.querystring.".length()));
        } else if (source.startsWith("route.request.header.")) {
            String name = source.substring("route.request.header.".length());
            value = headers.entrySet().stream()
                    .filter(h -> h.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue)
                    .findFirst()
                    .orElse(null);
        }
        return value == null || value.isEmpty() ? null : value;
    }

    private int connectStatus(Map<String, Object> event) {
        try {
            Object answer = route("$connect").invoke(event, Map.class).get("statusCode");
            return answer == null ? 200 : Integer.parseInt(String.valueOf(answer));
        } catch (RuntimeException e) {
            System.out.println("[websocket] $connect failed: " + e.getMessage());
            return 500;
        }
    }

    private void frame(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof CloseWebSocketFrame close) {
            ctx.channel().attr(HANDSHAKER).get().close(ctx.channel(), close.retain());
        } else if (frame instanceof PingWebSocketFrame ping) {
            ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
        } else if (frame instanceof TextWebSocketFrame text && routes.containsKey("$default")) {
            invokeQuietly("$default", event("$default", "MESSAGE", ctx.channel(), null, null, text.text()));
        }
    }

    private void manage(ChannelHandlerContext ctx, FullHttpRequest request, String connectionId) {
        Channel channel = connections.get(connectionId);
        if (channel == null) {
            respond(ctx, HttpResponseStatus.GONE, "{\"message\":\"Gone\",\"__type\":\"GoneException\"}", false);
        } else if (request.method().equals(HttpMethod.POST)) {
            if (request.content().readableBytes() > MAX_MESSAGE_BYTES) {
                respond(
                        ctx,
                        HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                        "{\"message\":\"Request entity too large\",\"__type\":\"PayloadTooLargeException\"}",
                        false);
                return;
            }
            channel.writeAndFlush(new TextWebSocketFrame(request.content().toString(UTF_8)));
            respond(ctx, HttpResponseStatus.OK, "", false);
        } else if (request.method().equals(HttpMethod.DELETE)) {
            channel.attr(HANDSHAKER).get().close(channel, new CloseWebSocketFrame(1000, ""));
            respond(ctx, HttpResponseStatus.NO_CONTENT, "", false);
        } else if (request.method().equals(HttpMethod.GET)) {
            respond(
                    ctx,
                    HttpResponseStatus.OK,
                    "{\"connectedAt\":\"" + channel.attr(CONNECTED_AT).get()
                            + "\",\"identity\":{\"sourceIp\":\"127.0.0.1\"}}",
                    false);
        } else {
            respond(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, "", false);
        }
    }

    private Map<String, Object> event(
            String routeKey,
            String eventType,
            Channel channel,
            Map<String, String> headers,
            Map<String, String> query) {
        return event(routeKey, eventType, channel, headers, query, null);
    }

    private Map<String, Object> event(
            String routeKey,
            String eventType,
            Channel channel,
            Map<String, String> headers,
            Map<String, String> query,
            String body) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("routeKey", routeKey);
        context.put("eventType", eventType);
        context.put("messageDirection", "IN");
        context.put("connectionId", channel.attr(CONNECTION_ID).get());
        context.put("connectedAt", channel.attr(CONNECTED_AT).get().toEpochMilli());
        context.put("requestTimeEpoch", System.currentTimeMillis());
        context.put("requestId", UUID.randomUUID().toString());
        context.put("domainName", "127.0.0.1");
        context.put("stage", stage);
        context.put("apiId", API_ID);
        context.put("identity", Map.of("sourceIp", "127.0.0.1"));
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("requestContext", context);
        if (headers != null) {
            event.put("headers", headers);
        }
        if (query != null && !query.isEmpty()) {
            event.put("queryStringParameters", query);
        }
        if (body != null) {
            event.put("body", body);
        }
        event.put("isBase64Encoded", false);
        return event;
    }

    private LambdaFunction route(String routeKey) {
        LambdaFunction function = routes.get(routeKey);
        if (function == null) {
            throw new IllegalStateException("the WebSocket API has no route " + routeKey);
        }
        return function;
    }

    private void invokeQuietly(String routeKey, Map<String, Object> event) {
        if (!routes.containsKey(routeKey)) {
            return;
        }
        invocations.execute(() -> {
            try {
                route(routeKey).invoke(event, Map.class);
            } catch (RuntimeException e) {
                System.out.println("[websocket] " + routeKey + " failed: " + e.getMessage());
            }
        });
    }

    private static void respond(ChannelHandlerContext ctx, HttpResponseStatus status, String body, boolean close) {
        ByteBuf content = Unpooled.copiedBuffer(body, UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        HttpUtil.setContentLength(response, content.readableBytes());
        if (close) {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.writeAndFlush(response);
        }
    }

    /** 16 characters of base64, as API Gateway's connection ids are. */
    private static String newConnectionId() {
        byte[] bytes = new byte[11];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Used by the log line of {@link LocalCloud}: each route and its function. */
    public Map<String, String> describe() {
        Map<String, String> described = new LinkedHashMap<>();
        routes.forEach((key, function) -> described.put(
                key,
                function.name()
                        + ("$connect".equals(key) && authorizer != null
                                ? " (authorizer " + authorizer.function().name() + ")"
                                : "")));
        return described;
    }
}
