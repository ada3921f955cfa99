package io.yubl.runtime.logging;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yubl.contracts.Contracts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.LoggingEventAware;

/**
 * One JSON object per line on stdout (which Lambda sends to CloudWatch Logs): time, level, logger, message, the
 * function and request, every correlation id in the MDC, the key-value pairs of SLF4J's fluent API, and the error.
 */
final class JsonLogger extends AbstractLogger implements LoggingEventAware {
    private static final int TRACE_LINES = 40;
    private final Level threshold;

    JsonLogger(String name, Level threshold) {
        this.name = name;
        this.threshold = threshold;
    }

    private boolean enabled(Level level) {
        return level.toInt() >= threshold.toInt();
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(Level.TRACE);
    }

    @Override
    public boolean isTraceEnabled(Marker marker) {
        return isTraceEnabled();
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(Level.DEBUG);
    }

    @Override
    public boolean isDebugEnabled(Marker marker) {
        return isDebugEnabled();
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(Level.INFO);
    }

    @Override
    public boolean isInfoEnabled(Marker marker) {
        return isInfoEnabled();
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(Level.WARN);
    }

    @Override
    public boolean isWarnEnabled(Marker marker) {
        return isWarnEnabled();
    }

    @Override
    public boolean isErrorEnabled() {
        return enabled(Level.ERROR);
    }

    @Override
    public boolean isErrorEnabled(Marker marker) {
        return isErrorEnabled();
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
            Level level, Marker marker, String pattern, Object[] arguments, Throwable throwable) {
        write(level, MessageFormatter.basicArrayFormat(pattern, arguments), List.of(), throwable);
    }

    @Override
    public void log(LoggingEvent event) {
        if (!enabled(event.getLevel())) {
            return;
        }
        Object[] args = event.getArgumentArray();
        String message =
                args == null ? event.getMessage() : MessageFormatter.basicArrayFormat(event.getMessage(), args);
        write(
                event.getLevel(),
                message,
                event.getKeyValuePairs() == null ? List.of() : event.getKeyValuePairs(),
                event.getThrowable());
    }

    /**
     * The stack trace, cut after {@value #TRACE_LINES} lines (with causes) so one log event stays one readable line.
     */
    private static String trace(Throwable throwable) {
        StringWriter full = new StringWriter();
        throwable.printStackTrace(new PrintWriter(full));
        String[] lines = full.toString().split("\n");
        if (lines.length <= TRACE_LINES) {
            return full.toString();
        }
        return String.join("\n", Arrays.copyOf(lines, TRACE_LINES)) + "\n\t... " + (lines.length - TRACE_LINES)
                + " more lines";
    }

    private void write(Level level, String message, List<KeyValuePair> pairs, Throwable throwable) {
        ObjectNode line = Contracts.json().createObjectNode();
        line.put("timestamp", Instant.now().toString());
        line.put("level", level.name());
        line.put("logger", name);
        line.put("message", message);
        Map<String, String> context = MDC.getCopyOfContextMap();
        if (context != null) {
            context.forEach(line::put);
        }
        for (KeyValuePair pair : pairs) {
            line.set(pair.key, Contracts.json().valueToTree(pair.value));
        }
        if (throwable != null) {
            line.put("error", throwable.toString());
            line.put("stackTrace", trace(throwable));
        }
        System.out.println(line);
    }
}
