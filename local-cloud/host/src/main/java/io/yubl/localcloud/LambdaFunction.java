package io.yubl.localcloud;

import io.yubl.localcloud.client.Template;

/**
 * A function of template.yaml as its callers (the API gateway, the event sources) see it: a name, its resource, and
 * an invocation that takes an event object and gives back the response, or throws {@link InvocationError}.
 */
public interface LambdaFunction {
    /** The error type of an invocation the caller's own limit ended (API Gateway answers 503 for it). */
    String CALLER_TIMED_OUT = "Caller.Timedout";

    String name();

    Template.Resource resource();

    <R> R invoke(Object event, Class<R> responseType);

    /**
     * As {@link #invoke(Object, Class)}, with the caller's own limit on the invocation (API Gateway's integration
     * timeout) on top of the function's {@code Timeout}: whichever is shorter ends it ({@code Sandbox.Timedout}, or
     * {@link #CALLER_TIMED_OUT} when the caller's is not longer).
     * Both count as Lambda counts a duration, from the moment a process takes the event: waiting for a free process,
     * or for a cold one to initialize on this machine, never counts against them.
     */
    default <R> R invoke(Object event, Class<R> responseType, long callerTimeoutMillis) {
        return invoke(event, responseType);
    }

    /** An invocation that failed as Lambda reports it: the error type (Runtime.ExitError, ...) and message. */
    final class InvocationError extends RuntimeException {
        private final String errorType;

        public InvocationError(String function, String errorType, String message) {
            super(function + ": " + errorType + ": " + message);
            this.errorType = errorType;
        }

        public String errorType() {
            return errorType;
        }
    }
}
