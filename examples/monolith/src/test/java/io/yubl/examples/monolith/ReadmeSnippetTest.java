package io.yubl.examples.monolith;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's "Publishing events" snippet is the example monolith's code, so the two cannot drift apart. */
class ReadmeSnippetTest {

    @Test
    void the_readme_shows_the_example_monoliths_code_between_its_markers() throws IOException {
        // Given the lines between the README markers of Monolith.java, without their common indentation
        List<String> source = Files.readAllLines(Path.of("src/main/java/io/yubl/examples/monolith/Monolith.java"));
        List<String> snippet = source.subList(indexOf(source, "// README:begin") + 1, indexOf(source, "// README:end"));
        int indent = snippet.stream()
                .filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length())
                .min()
                .orElse(0);
        String expected = String.join(
                "\n",
                snippet.stream()
                        .map(l -> l.isBlank() ? "" : l.substring(indent))
                        .toList());

        // When / Then the README holds them as one Java block
        String readme = Files.readString(Path.of("../../README.md"));
        assertThat(readme)
                .as("README.md: paste the lines between the README markers of Monolith.java")
                .contains("```java\n" + expected + "\n```");
    }

    private static int indexOf(List<String> lines, String marker) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(marker)) {
                return i;
            }
        }
        throw new AssertionError("no marker " + marker);
    }
}
