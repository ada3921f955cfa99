package io.yubl.processors.notifications;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yubl.contracts.Contracts;
import io.yubl.runtime.Environment;
import io.yubl.stores.SignedHttp;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * Sends one plain-text email through SES v2 ({@code POST /v2/email/outbound-emails}), over the SDK's SigV4 signer
 * (service {@code ses}); the endpoint is the SDK's own setting for SES v2, {@code AWS_ENDPOINT_URL_SESV2}, when set
 * (the local cloud's emulator), else the region's. Anything but a 2xx is an exception, so the caller can give back
 * what it claimed.
 */
public final class Mailer {
    private final SignedHttp http;
    private final String from;

    public Mailer(String endpoint, String from) {
        this.http = new SignedHttp(endpoint, "ses");
        this.from = from;
    }

    public static Mailer fromEnvironment() {
        String endpoint = System.getenv("AWS_ENDPOINT_URL_SESV2");
        if (endpoint == null || endpoint.isBlank()) {
            endpoint = "https://email."
                    + new DefaultAwsRegionProviderChain().getRegion().id() + ".amazonaws.com";
        }
        return new Mailer(endpoint, Environment.required("DIGEST_FROM_ADDRESS"));
    }

    public void send(String to, String subject, String text) {
        ObjectNode email = Contracts.json().createObjectNode();
        email.put("FromEmailAddress", from);
        email.putObject("Destination").putArray("ToAddresses").add(to);
        ObjectNode simple = email.putObject("Content").putObject("Simple");
        simple.putObject("Subject").put("Data", subject).put("Charset", "UTF-8");
        simple.putObject("Body").putObject("Text").put("Data", text).put("Charset", "UTF-8");
        SignedHttp.Response response = http.send("POST", "/v2/email/outbound-emails", email.toString());
        if (response.status() / 100 != 2) {
            throw new IllegalStateException(
                    "SES answered HTTP " + response.status() + " to an email to " + to + ": " + response.body());
        }
    }
}
