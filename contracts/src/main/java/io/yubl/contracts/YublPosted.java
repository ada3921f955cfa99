package io.yubl.contracts;

import java.time.Instant;

public record YublPosted(String yublId, String authorId, String text, Instant postedAt) implements EventPayload {
    @Override
    public String partitionKey() {
        return authorId;
    }
}
