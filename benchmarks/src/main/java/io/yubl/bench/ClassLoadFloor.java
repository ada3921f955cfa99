package io.yubl.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The least a cold start can cost in class loading: loads and links, in a fresh JVM and in the order a real cold start
 * did, the classes that cold start loaded from the function's own jar (and, with {@code jdk}, those it loaded from the
 * JDK's modules rather than its class-data archive), without running a static initializer or spinning a lambda. The
 * log is the JVM's {@code -Xlog:class+load} of one cold start; run it with the function's artifact and the runtime
 * client on the class path and the function's JVM flags (README, "Cold starts").
 * Usage: ClassLoadFloor CLASS_LOAD_LOG [jdk]
 */
public final class ClassLoadFloor {
    private ClassLoadFloor() {}

    public static void main(String[] args) throws IOException {
        boolean jdk = args.length > 1 && args[1].equals("jdk");
        List<String> names = Files.readAllLines(Path.of(args[0])).stream()
                .map(line -> loaded(line, jdk))
                .flatMap(Optional::stream)
                .toList();
        ClassLoader loader = ClassLoadFloor.class.getClassLoader();
        int failed = 0;
        long start = System.nanoTime();
        for (String name : names) {
            try {
                Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                failed++;
            }
        }
        System.out.printf(
                "%,d classes loaded and linked in %.0f ms (%d not found)%n",
                names.size() - failed, (System.nanoTime() - start) / 1e6, failed);
    }

    /**
     * The class a {@code class+load} log line names, if it came from a jar other than the runtime client's (which the
     * hello-world handler loads as well), or, with {@code jdk}, from the JDK's modules.
     */
    static Optional<String> loaded(String line, boolean jdk) {
        int at = line.indexOf("[class,load] ");
        if (at < 0) {
            return Optional.empty();
        }
        String[] nameAndSource = line.substring(at + "[class,load] ".length()).split(" source: ", 2);
        if (nameAndSource.length < 2) {
            return Optional.empty();
        }
        String source = nameAndSource[1];
        boolean fromJar = source.startsWith("file:") && !source.contains("lambda-runtime");
        boolean fromJdk = jdk && source.startsWith("jrt:");
        return fromJar || fromJdk ? Optional.of(nameAndSource[0]) : Optional.empty();
    }
}
