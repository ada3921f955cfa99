package io.yubl.stores;

/** A cursor that was not made by this service, or was altered. */
public class InvalidCursorException extends IllegalArgumentException {
    public InvalidCursorException(String message) {
        super(message);
    }
}
