package io.yubl.localcloud;

/**
 * A function of template.yaml as its callers (the API gateway, the event sources) see it: a name, its resource, and
 * an invocation that takes an event object and gives back the response, or throws {@link InvocationError}.
 */
public interface LambdaFunction {
    String name();

    Template.Resource resource();

    <R> R invoke(Object event, Class<R> responseType);

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
