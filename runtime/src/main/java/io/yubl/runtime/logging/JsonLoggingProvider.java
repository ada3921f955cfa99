package io.yubl.runtime.logging;

import io.yubl.runtime.Environment;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * SLF4J's binding to {@link JsonLogger}, so that every log line of the process, ours and the libraries', is JSON
 * carrying the correlation ids. {@code LOG_LEVEL} sets our threshold (INFO by default); libraries log at
 * {@code LOG_LEVEL_LIBRARIES} (WARN by default).
 */
public final class JsonLoggingProvider implements SLF4JServiceProvider {
    private static final String[] OURS = {"io.yubl."};

    private final MDCAdapter mdc = new BasicMDCAdapter();
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private ILoggerFactory loggers;

    @Override
    public void initialize() {
        Level ours = level("LOG_LEVEL", Level.INFO);
        Level libraries = level("LOG_LEVEL_LIBRARIES", Level.WARN);
        Map<String, Logger> cache = new ConcurrentHashMap<>();
        loggers = name -> cache.computeIfAbsent(name, n -> new JsonLogger(n, isOurs(n) ? ours : libraries));
    }

    private static boolean isOurs(String name) {
        for (String prefix : OURS) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static Level level(String variable, Level fallback) {
        String value = Environment.optional(variable, null);
        return value == null ? fallback : Level.valueOf(value.trim().toUpperCase(Locale.ROOT));
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }
}
