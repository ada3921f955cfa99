package io.yubl.stores;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import io.yubl.contracts.Contracts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * An AWS REST API over the JDK's HTTP client, JSON in and out: OpenSearch's (service {@code es}), API Gateway's
 * Management API ({@code execute-api}), SES v2 ({@code ses}). Each request is signed with SigV4 using the default
 * credentials and region (the SDK's signer): always against AWS (https); against a local emulator (http) when this
 * process has credentials and a region (as the local cloud's functions do: some emulators, SES's, insist on a
 * signature), else unsigned.
 */
public final class SignedHttp {
    /** A response: status and JSON body (null when empty). */
    public record Response(int status, JsonNode body) {}

    private final URI endpoint;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final AwsCredentialsProvider credentials;
    private final String region;
    private final String service;

    public SignedHttp(String endpoint, String service) {
        this.service = service;
        this.endpoint = URI.create(endpoint.contains("://") ? endpoint : "https://" + endpoint);
        AwsCredentialsProvider provider = DefaultCredentialsProvider.builder().build();
        String resolvedRegion = null;
        if ("https".equals(this.endpoint.getScheme())) {
            resolvedRegion = new DefaultAwsRegionProviderChain().getRegion().id();
        } else {
            try {
                provider.resolveCredentials();
                resolvedRegion = new DefaultAwsRegionProviderChain().getRegion().id();
            } catch (SdkClientException e) {
                provider = null;
            }
        }
        this.credentials = provider;
        this.region = resolvedRegion;
    }

    public Response send(String method, String pathAndQuery, String body) {
        URI uri = endpoint.resolve(pathAndQuery);
        byte[] bytes = body == null ? new byte[0] : body.getBytes(UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(10))
                .method(
                        method,
                        bytes.length == 0
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (bytes.length > 0) {
            request.header("content-type", "application/json");
        }
        if (credentials != null) {
            // the signed request repeats the headers it was given: take only what signing added (a second
            // content-type is a 400 from OpenSearch, on AWS as here), and what the HTTP client sets itself
            sign(method, uri, bytes).headers().forEach((name, values) -> {
                if (!name.equalsIgnoreCase("host")
                        && !name.equalsIgnoreCase("content-length")
                        && !name.equalsIgnoreCase("content-type")) {
                    values.forEach(v -> request.header(name, v));
                }
            });
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            return new Response(
                    response.statusCode(),
                    text == null || text.isBlank() ? null : Contracts.json().readTree(text));
        } catch (IOException e) {
            throw new IllegalStateException(service + " " + method + " " + uri.getPath() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private SdkHttpRequest sign(String method, URI uri, byte[] body) {
        SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder().uri(uri).method(SdkHttpMethod.fromValue(method));
        if (body.length > 0) {
            unsigned.putHeader("content-type", "application/json");
        }
        return AwsV4HttpSigner.create()
                .sign(r -> r.identity(credentials.resolveCredentials())
                        .request(unsigned.build())
                        .payload(ContentStreamProvider.fromByteArray(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region))
                .request();
    }
}
