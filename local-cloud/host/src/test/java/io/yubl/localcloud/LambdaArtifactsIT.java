package io.yubl.localcloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The deployed artifacts are ProGuard's shrinking of shade's (lambda-artifacts.pro), with every stack map recomputed:
 * each class they hold must link (load and pass the JVM's bytecode verifier) as it did in shade's artifact, or
 * better. Needs the artifacts built ({@code mvn -Plambda package}, which bin/test does first), not the local cloud.
 */
class LambdaArtifactsIT {
    private static final String LINKS = "links";

    @Test
    void every_class_of_every_deployed_artifact_links_as_it_did_before_it_was_shrunk() {
        // Given every artifact template.yaml deploys, and shade's artifact it was shrunk from
        List<Path> artifacts = TemplateRulesTest.TEMPLATE.functions().stream()
                .map(f -> TemplateRulesTest.TEMPLATE
                        .root()
                        .resolve(String.valueOf(f.properties().get("CodeUri"))))
                .distinct()
                .toList();

        for (Path deployed : artifacts) {
            Path minimized =
                    deployed.getParent().resolveSibling("lambda-minimized").resolve(deployed.getFileName());
            assertThat(minimized).as("shade's artifact for " + deployed).exists();

            // When each class of the deployed artifact is linked, there and in shade's
            Map<String, String> shrunk = linkEveryClass(deployed, classesIn(deployed));
            Map<String, String> before =
                    linkEveryClass(minimized, shrunk.keySet().stream().toList());

            // Then none fails that did not fail the same way before (the optional GraalVM, Joni and CRT classes do)
            Map<String, String> regressions = new TreeMap<>();
            shrunk.forEach((type, outcome) -> {
                if (!outcome.equals(LINKS) && !outcome.equals(before.get(type))) {
                    regressions.put(type, outcome + " (before: " + before.get(type) + ")");
                }
            });
            assertThat(regressions)
                    .as("classes of " + deployed + " that no longer link")
                    .isEmpty();
            assertThat(shrunk.values()).as(deployed + " links its classes").contains(LINKS);
        }
    }

    /** Loads each class without initializing it, then links it: {@code getDeclaredMethods} makes HotSpot verify it. */
    private static Map<String, String> linkEveryClass(Path jar, List<String> classes) {
        Map<String, String> outcomes = new LinkedHashMap<>();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {url(jar)}, ClassLoader.getPlatformClassLoader())) {
            for (String type : classes) {
                try {
                    Class.forName(type, false, loader).getDeclaredMethods();
                    outcomes.put(type, LINKS);
                } catch (LinkageError | ClassNotFoundException e) {
                    outcomes.put(type, e.getClass().getSimpleName() + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return outcomes;
    }

    private static List<String> classesIn(Path jar) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return Collections.list(zip.entries()).stream()
                    .map(ZipEntry::getName)
                    .filter(name -> name.endsWith(".class") && !name.endsWith("module-info.class"))
                    .map(name ->
                            name.substring(0, name.length() - ".class".length()).replace('/', '.'))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static URL url(Path jar) {
        try {
            assertThat(Files.isRegularFile(jar)).as(jar + " is built").isTrue();
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
