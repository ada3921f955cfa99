package io.yubl.hello;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Answers {@code {"hello":"world"}}. Asked to ({@code {"action": ...}}), it misbehaves the ways a function can:
 * {@code block} never answers, {@code exit} ends its process, {@code fail} throws, and {@code env} tells the value
 * of the variable {@code name}.
 */
public class HelloHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        Object action = input == null ? null : input.get("action");
        if ("block".equals(action)) {
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else if ("exit".equals(action)) {
            System.exit(3);
        } else if ("fail".equals(action)) {
            throw new IllegalStateException("asked to fail");
        } else if ("env".equals(action)) {
            return Map.of("value", String.valueOf(System.getenv(String.valueOf(input.get("name")))));
        }
        return Map.of("hello", "world");
    }
}
