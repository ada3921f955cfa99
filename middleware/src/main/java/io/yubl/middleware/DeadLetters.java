package io.yubl.middleware;

import java.util.Map;

/**
 * Where a record that can never be processed goes, with the reason, so that its batch can go on and nothing is lost.
 */
public interface DeadLetters {

    /**
     * Sends the record away with the reason; throws if it could not (then the record must fail, not vanish).
     *
     * @param source where the record came from (stream or queue, position)
     * @param data   the record as it arrived
     */
    void send(String reason, Map<String, String> source, String data);
}
