package io.yubl.localcloud.client;

import java.net.URI;

/**
 * Where each emulator of the local cloud listens. Defaults match bin/stack; each can be moved with the same
 * environment variable bin/stack reads (YUBL_KINESIS_PORT, YUBL_DYNAMODB_PORT, YUBL_SNS_SQS_PORT,
 * YUBL_OPENSEARCH_PORT, YUBL_SECRETS_PORT, YUBL_API_PORT, YUBL_LAMBDA_PORT, YUBL_WEBSOCKET_PORT, YUBL_SES_PORT).
 */
public final class LocalEndpoints {
    public static final String REGION = "us-east-1";
    public static final String ACCOUNT_ID = "000000000000";
    public static final String ACCESS_KEY = "test";
    public static final String SECRET_KEY = "test";
    /** The stage template.yaml's Stage parameter defaults to, and the local cloud runs. */
    public static final String STAGE = "local";

    private LocalEndpoints() {}

    public static URI kinesis() {
        return local("YUBL_KINESIS_PORT", 4568);
    }

    public static URI dynamodb() {
        return local("YUBL_DYNAMODB_PORT", 8000);
    }

    /** fauxqs serves SNS and SQS on one port. */
    public static URI snsSqs() {
        return local("YUBL_SNS_SQS_PORT", 4566);
    }

    public static URI opensearch() {
        return local("YUBL_OPENSEARCH_PORT", 9201);
    }

    /** The local Secrets Manager ({@link SecretsStore}), where the stage's secrets live. */
    public static URI secretsManager() {
        return local("YUBL_SECRETS_PORT", 4584);
    }

    public static int apiPort() {
        return port("YUBL_API_PORT", 3000);
    }

    /** SES (v1 and v2 APIs, aws-ses-v2-local; its page lists the sent emails, {@code GET /store} as JSON). */
    public static URI ses() {
        return local("YUBL_SES_PORT", 8005);
    }

    /** The WebSocket API (and its Management API) the function host serves ({@link WebSocketHost}). */
    public static int webSocketPort() {
        return port("YUBL_WEBSOCKET_PORT", 3002);
    }

    /** The function host's Lambda Invoke API ({@link LambdaInvokeApi}). */
    public static URI lambda() {
        return local("YUBL_LAMBDA_PORT", 3001);
    }

    private static URI local(String variable, int defaultPort) {
        return URI.create("http://127.0.0.1:" + port(variable, defaultPort));
    }

    private static int port(String variable, int defaultPort) {
        String value = System.getenv(variable);
        return value == null || value.isBlank() ? defaultPort : Integer.parseInt(value.trim());
    }
}
