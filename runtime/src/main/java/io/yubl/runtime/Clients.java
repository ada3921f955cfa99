package io.yubl.runtime;

import java.time.Duration;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * How functions build AWS clients: once, at class initialization, with the default region, credentials and endpoint
 * resolution (in the local cloud, {@code AWS_ENDPOINT_URL_*} point them at the emulators), and the JDK's own HTTP
 * client (the SDK's URL-connection client): the lightest to load on a cold start, and it keeps the Lambda
 * artifacts free of Apache's HTTP client and Netty.
 */
public final class Clients {
    private Clients() {}

    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder) {
        builder.httpClientBuilder(UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2))
                .socketTimeout(Duration.ofSeconds(30)));
        return builder.build();
    }
}
