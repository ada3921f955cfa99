package io.yubl.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The CPU time each process of the machine spent in a phase of a benchmark, from Linux's /proc, by what the process
 * is: a function (its AWS_LAMBDA_FUNCTION_NAME), an emulator, the local cloud's host, this benchmark, or "other"
 * (the kernel's threads among them). A process that ended during the phase is not counted; one started during it is
 * counted from its start. Where there is no /proc, nothing is measured.
 */
final class ProcessCpu {
    /** Linux's clock ticks a second (USER_HZ), which /proc/[pid]/stat counts in; 100 on every Linux we run on. */
    private static final double TICKS_PER_SECOND = 100;

    private static final Map<String, String> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("DynamoDBLocal", "dynamodb");
        COMMANDS.put("kinesis-local", "kinesis");
        COMMANDS.put("fauxqs", "sns-sqs");
        COMMANDS.put("io.yubl.localcloud.AwsLimitsProxy", "limits-proxy");
        COMMANDS.put("io.yubl.localcloud.SecretsStore", "secrets");
        COMMANDS.put("io.yubl.localcloud.LocalCloud", "host");
        COMMANDS.put("opensearch", "opensearch");
        COMMANDS.put("aws-ses-v2-local", "ses");
    }

    /** Each process' label and CPU ticks at one moment. */
    record Snapshot(long atNanos, Map<Long, Sample> processes) {}

    record Sample(String label, long ticks) {}

    /** CPU seconds by label over a phase, its wall-clock seconds, and the cores there were. */
    record Phase(double wallSeconds, int cores, Map<String, Double> cpuSeconds) {
        double total() {
            return cpuSeconds.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        /** The CPU used, in % of one core. */
        double percent() {
            return wallSeconds > 0 ? 100 * total() / wallSeconds : 0;
        }

        String summary() {
            if (cpuSeconds.isEmpty()) {
                return "CPU not measured (no /proc)";
            }
            StringBuilder s = new StringBuilder(String.format(
                    "CPU %.1f s in %.1f s (%.0f%% of %d cores' %d%%):",
                    total(), wallSeconds, percent(), cores, cores * 100));
            cpuSeconds.entrySet().stream()
                    .filter(e -> e.getValue() >= 0.5)
                    .forEach(e -> s.append(String.format(" %s %.1f,", e.getKey(), e.getValue())));
            s.setLength(s.length() - 1);
            return s.toString();
        }

        String json() {
            StringBuilder s = new StringBuilder(
                    String.format("{\"wallSeconds\": %.1f, \"cores\": %d, \"cpuSeconds\": {", wallSeconds, cores));
            // what rounds to 0.0 is left out
            cpuSeconds.entrySet().stream()
                    .filter(e -> e.getValue() >= 0.05)
                    .forEach(e -> s.append(String.format("\"%s\": %.1f, ", e.getKey(), e.getValue())));
            if (s.charAt(s.length() - 1) == ' ') {
                s.setLength(s.length() - 2);
            }
            return s.append("}}").toString();
        }
    }

    private ProcessCpu() {}

    static Snapshot take() {
        long self = ProcessHandle.current().pid();
        Map<Long, Sample> processes = new HashMap<>();
        try (Stream<Path> dirs = Files.list(Path.of("/proc"))) {
            dirs.filter(d -> d.getFileName().toString().chars().allMatch(Character::isDigit))
                    .forEach(d -> {
                        try {
                            long pid = Long.parseLong(d.getFileName().toString());
                            long ticks = ticks(Files.readString(d.resolve("stat")));
                            String label = pid == self
                                    ? "benchmark"
                                    : label(read(d.resolve("cmdline")), read(d.resolve("environ")));
                            processes.put(pid, new Sample(label, ticks));
                        } catch (IOException | RuntimeException e) {
                            // gone meanwhile, or not ours to read
                        }
                    });
        } catch (IOException e) {
            // no /proc: nothing measured
        }
        return new Snapshot(System.nanoTime(), processes);
    }

    /** What each label spent between two snapshots, the largest first. */
    static Phase between(Snapshot from, Snapshot to) {
        Map<String, Double> seconds = new HashMap<>();
        to.processes().forEach((pid, now) -> {
            Sample before = from.processes().get(pid);
            long spent = before == null ? now.ticks() : now.ticks() - before.ticks();
            seconds.merge(now.label(), spent / TICKS_PER_SECOND, Double::sum);
        });
        Map<String, Double> sorted = new LinkedHashMap<>();
        seconds.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return new Phase(
                (to.atNanos() - from.atNanos()) / 1e9, Runtime.getRuntime().availableProcessors(), sorted);
    }

    /**
     * User and system ticks from a /proc/[pid]/stat line: fields 14 and 15, counted after the command name, which
     * is in parentheses and may itself hold spaces and parentheses.
     */
    static long ticks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // fields[0] is the state, field 3 of the line
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** A function by its name, else an emulator or the host by its command line, else "other". */
    static String label(String cmdline, String environ) {
        for (String variable : environ.split("\0")) {
            if (variable.startsWith("AWS_LAMBDA_FUNCTION_NAME=")) {
                return variable.substring(variable.indexOf('=') + 1);
            }
        }
        for (Map.Entry<String, String> command : COMMANDS.entrySet()) {
            if (cmdline.contains(command.getKey())) {
                return command.getValue();
            }
        }
        return "other";
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
