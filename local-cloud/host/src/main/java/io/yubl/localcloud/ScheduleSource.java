package io.yubl.localcloud;

import io.yubl.localcloud.client.LocalEndpoints;
import io.yubl.localcloud.client.Template;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A function's schedule (SAM {@code Schedule} or {@code ScheduleV2} event), run locally: {@code rate(N unit)}
 * expressions, the first run one period after start, as EventBridge does; a failed run is retried as the event's
 * {@code RetryPolicy.MaximumRetryAttempts} says (default 0 here). The event is EventBridge Scheduler's.
 * {@code YUBL_SCHEDULE_SECONDS} shortens every period, to watch a schedule run without waiting an hour.
 */
final class ScheduleSource implements AutoCloseable {
    private static final Pattern RATE = Pattern.compile("rate\\((\\d+) (minute|minutes|hour|hours|day|days)\\)");

    private final LambdaFunction function;
    private final Duration period;
    private final String expression;
    private final int retries;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "schedule");
        t.setDaemon(true);
        return t;
    });

    ScheduleSource(LambdaFunction function, Map<String, Object> properties) {
        this.function = function;
        this.expression = String.valueOf(properties.get("ScheduleExpression"));
        this.period = period(expression);
        this.retries = Integer.parseInt(
                String.valueOf(Template.map(properties.get("RetryPolicy")).getOrDefault("MaximumRetryAttempts", 0)));
    }

    /** The period of a rate expression; anything else (cron) is refused, rather than silently never run. */
    static Duration period(String expression) {
        Matcher rate = RATE.matcher(expression);
        if (!rate.matches()) {
            throw new IllegalArgumentException("the local cloud runs rate(N unit) schedules only, not " + expression);
        }
        long n = Long.parseLong(rate.group(1));
        return switch (rate.group(2)) {
            case "minute", "minutes" -> Duration.ofMinutes(n);
            case "hour", "hours" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    void start() {
        String override = System.getenv("YUBL_SCHEDULE_SECONDS");
        long seconds = override == null || override.isBlank() ? period.toSeconds() : Long.parseLong(override.trim());
        timer.scheduleAtFixedRate(this::run, seconds, seconds, TimeUnit.SECONDS);
    }

    String describe() {
        return "Schedule " + expression + " -> " + function.name() + " (retries " + retries + ")";
    }

    private void run() {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", "Scheduled Event");
        event.put("source", "aws.scheduler");
        event.put("time", Instant.now().toString());
        event.put("region", LocalEndpoints.REGION);
        event.put("detail", Map.of());
        for (int attempt = 0; attempt <= retries; attempt++) {
            try {
                function.invoke(event, Map.class);
                return;
            } catch (RuntimeException e) {
                System.out.println(
                        "[schedule] " + function.name() + " failed (attempt " + (attempt + 1) + "): " + e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
