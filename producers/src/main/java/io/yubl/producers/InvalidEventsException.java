package io.yubl.producers;

import io.yubl.contracts.Problem;
import java.util.List;
import java.util.stream.Collectors;

/** Events refused before anything was sent: invalid by their contract, or too large for a Kinesis record. */
public class InvalidEventsException extends IllegalArgumentException {
    private final List<Rejection> rejections;

    public record Rejection(int index, String eventId, List<Problem> problems) {}

    /** How many rejections the message spells out; all of them are in {@link #rejections()}. */
    private static final int SPELLED_OUT = 10;

    public InvalidEventsException(List<Rejection> rejections) {
        super(rejections.size() + " event(s) rejected, nothing was published: "
                + rejections.stream()
                        .limit(SPELLED_OUT)
                        .map(r -> "events[" + r.index() + "] " + r.eventId() + ": "
                                + r.problems().stream().map(Problem::toString).collect(Collectors.joining(", ")))
                        .collect(Collectors.joining("; "))
                + (rejections.size() > SPELLED_OUT ? "; and " + (rejections.size() - SPELLED_OUT) + " more" : ""));
        this.rejections = List.copyOf(rejections);
    }

    public List<Rejection> rejections() {
        return rejections;
    }
}
