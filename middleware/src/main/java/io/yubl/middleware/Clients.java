package io.yubl.middleware;

import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.apache.ApacheHttpClient;

import java.time.Duration;

/**
 * How functions build AWS clients: once, at class initialization, with the default region, credentials and endpoint
 * resolution (on the local host the SDK's {@code aws.endpointUrl*} properties point them at the emulators), and a
 * pooled Apache HTTP client.
 */
public final class Clients {
    private Clients() {
    }

    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder) {
        builder.httpClientBuilder(ApacheHttpClient.builder()
                .maxConnections(64)
                .connectionTimeout(Duration.ofSeconds(2))
                .socketTimeout(Duration.ofSeconds(30)));
        return builder.build();
    }
}
