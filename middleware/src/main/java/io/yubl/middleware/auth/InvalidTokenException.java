package io.yubl.middleware.auth;

/** A bearer token that does not prove who the caller is; the message says why, for the 401. */
public class InvalidTokenException extends Exception {
    public InvalidTokenException(String message) {
        super(message);
    }
}
