package io.yubl.producers;

import java.time.Duration;

/**
 * The buffered publisher's buffer stayed full for as long as the caller may wait: the stream is taking events more
 * slowly than they come. Nothing was buffered; the caller still holds the event (answer 503, or retry later).
 */
public final class BufferFullException extends RuntimeException {
    public BufferFullException(int capacity, Duration waited) {
        super("the publish buffer holds " + capacity + " events and had no room for " + waited.toMillis()
                + " ms: the stream is taking events more slowly than they come; the event was not buffered");
    }
}
