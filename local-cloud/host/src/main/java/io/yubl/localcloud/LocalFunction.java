package io.yubl.localcloud;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import java.util.Map;

/**
 * A function of template.yaml, served in this JVM: its handler class is loaded and instantiated once, on first use,
 * as Lambda does at cold start (so its static initialization sees the environment the host has set).
 */
public final class LocalFunction {
    private final Template.Resource resource;
    private final String name;
    private final int timeoutSeconds;
    private final int memoryMb;
    private volatile RequestHandler<Object, Object> handler;

    public LocalFunction(Template.Resource resource, Intrinsics intrinsics, Map<String, Object> globals) {
        this.resource = resource;
        Object functionName = resource.properties().get("FunctionName");
        this.name = functionName == null ? resource.id() : intrinsics.resolveString(functionName);
        this.timeoutSeconds = intValue(resource.properties().getOrDefault("Timeout", globals.getOrDefault("Timeout", 3)));
        this.memoryMb = intValue(resource.properties().getOrDefault("MemorySize", globals.getOrDefault("MemorySize", 128)));
    }

    public String name() {
        return name;
    }

    public Template.Resource resource() {
        return resource;
    }

    public Context newContext() {
        return new LocalContext(name, timeoutSeconds, memoryMb);
    }

    @SuppressWarnings("unchecked")
    public Object invoke(Object event) {
        RequestHandler<Object, Object> h = handler;
        if (h == null) {
            synchronized (this) {
                if (handler == null) {
                    handler = instantiate();
                }
                h = handler;
            }
        }
        return h.handleRequest(event, newContext());
    }

    @SuppressWarnings("unchecked")
    private RequestHandler<Object, Object> instantiate() {
        String className = resource.handlerClass();
        try {
            return (RequestHandler<Object, Object>) Class.forName(className).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | ExceptionInInitializerError e) {
            Throwable cause = e instanceof ExceptionInInitializerError ? e.getCause() : e;
            throw new IllegalStateException("function " + name + ": cannot create handler " + className + ": " + cause, cause);
        }
    }

    private static int intValue(Object value) {
        return Integer.parseInt(String.valueOf(value));
    }
}
