package io.yubl.producers;

import java.util.stream.Collectors;

/** Some events could not be put on the stream after bounded retries; each is named with its reason. */
public class PublishException extends RuntimeException {
    private final transient PublishResult result;

    public PublishException(PublishResult result) {
        super(result.unpublished().size() + " of "
                + (result.published().size() + result.unpublished().size())
                + " events were not published: "
                + result.unpublished().stream()
                        .limit(10)
                        .map(u -> u.event().eventId() + " (" + u.errorCode() + ": " + u.reason() + ")")
                        .collect(Collectors.joining("; "))
                + (result.unpublished().size() > 10
                        ? "; and " + (result.unpublished().size() - 10) + " more"
                        : ""));
        this.result = result;
    }

    public PublishResult result() {
        return result;
    }
}
