package io.yubl.localcloud;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.yubl.localcloud.client.Intrinsics;
import io.yubl.localcloud.client.Template;
import java.util.Map;

/**
 * A function of template.yaml, run in the caller's JVM from the module class path: its handler class is loaded and
 * instantiated once, on first use. Only the acceptance suite's handler mode runs functions this way; the local cloud
 * runs each one from its Lambda artifact in its own process ({@link FunctionProcesses}).
 */
public final class InProcessFunction implements LambdaFunction {
    private final Template.Resource resource;
    private final String name;
    private final int timeoutSeconds;
    private final int memoryMb;
    private volatile RequestHandler<Object, Object> handler;

    public InProcessFunction(Template.Resource resource, Intrinsics intrinsics, Map<String, Object> globals) {
        this.resource = resource;
        Object functionName = resource.properties().get("FunctionName");
        this.name = functionName == null ? resource.id() : intrinsics.resolveString(functionName);
        this.timeoutSeconds =
                intValue(resource.properties().getOrDefault("Timeout", globals.getOrDefault("Timeout", 3)));
        this.memoryMb =
                intValue(resource.properties().getOrDefault("MemorySize", globals.getOrDefault("MemorySize", 128)));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Template.Resource resource() {
        return resource;
    }

    public Context newContext() {
        return new LocalContext(name, timeoutSeconds, memoryMb);
    }

    @Override
    public <R> R invoke(Object event, Class<R> responseType) {
        RequestHandler<Object, Object> h = handler;
        if (h == null) {
            synchronized (this) {
                if (handler == null) {
                    handler = instantiate();
                }
                h = handler;
            }
        }
        return responseType.cast(h.handleRequest(event, newContext()));
    }

    @SuppressWarnings("unchecked")
    private RequestHandler<Object, Object> instantiate() {
        String className = resource.handlerClass();
        try {
            return (RequestHandler<Object, Object>)
                    Class.forName(className).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | ExceptionInInitializerError e) {
            Throwable cause = e instanceof ExceptionInInitializerError ? e.getCause() : e;
            throw new IllegalStateException(
                    "function " + name + ": cannot create handler " + className + ": " + cause, cause);
        }
    }

    private static int intValue(Object value) {
        return Integer.parseInt(String.valueOf(value));
    }
}
