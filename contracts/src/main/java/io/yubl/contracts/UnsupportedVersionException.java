package io.yubl.contracts;

import java.util.List;

/**
 * A message of a version newer than this code reads: not invalid, just ahead of this consumer. It goes to the
 * dead-letter queue with that reason, to be replayed once the consumer is deployed with the new version.
 */
public final class UnsupportedVersionException extends ContractViolation {
    private final int version;

    public UnsupportedVersionException(String what, int version, int highestKnown) {
        super(
                List.of(new Problem("$.version", "unsupported version " + version)),
                what + " has unsupported version " + version + "; this code reads versions up to " + highestKnown);
        this.version = version;
    }

    public int version() {
        return version;
    }
}
