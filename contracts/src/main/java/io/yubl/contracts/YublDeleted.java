package io.yubl.contracts;

public record YublDeleted(String yublId, String authorId) implements EventPayload {
    @Override
    public String partitionKey() {
        return authorId;
    }
}
