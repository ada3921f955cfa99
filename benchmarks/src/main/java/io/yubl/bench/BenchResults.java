package io.yubl.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yubl.contracts.Contracts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where every benchmark leaves its figures: bench-results/NAME.json, pretty-printed. */
final class BenchResults {
    private BenchResults() {}

    static Path write(String name, ObjectNode json) throws IOException {
        Path out = Path.of("bench-results", name + ".json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, Contracts.json().writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n");
        return out;
    }
}
