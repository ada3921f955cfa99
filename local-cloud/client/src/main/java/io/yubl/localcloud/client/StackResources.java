package io.yubl.localcloud.client;

import com.fasterxml.jackson.core.type.TypeReference;
import io.yubl.contracts.Contracts;
import io.yubl.localcloud.client.Intrinsics.Deployed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * What each resource of the running local cloud answers to Ref and Fn::GetAtt, by logical id: the local counterpart
 * of describing a deployed stack's resources. The host writes it each time it provisions template.yaml, so tests and
 * tools outside the host find the queues, tables and streams it made without provisioning them again.
 */
public record StackResources(Map<String, Deployed> byLogicalId) {
    /** Where, below the repository root, the host writes them. */
    public static final Path FILE = Path.of(".local-cloud", "resources.json");

    public StackResources {
        byLogicalId = Map.copyOf(byLogicalId);
    }

    /** The running local cloud's, read from below the repository root. */
    public static StackResources read(Path root) {
        Path file = root.resolve(FILE);
        try {
            return new StackResources(Contracts.json()
                    .readValue(Files.readAllBytes(file), new TypeReference<Map<String, Deployed>>() {}));
        } catch (NoSuchFileException e) {
            throw new IllegalStateException(
                    file + " is missing: the local cloud is not running (start it with bin/run)");
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
    }

    /** Replaces the file whole (written aside, then moved), so that a reader never sees half of it. */
    public void write(Path root) {
        Path file = root.resolve(FILE);
        try {
            Files.createDirectories(file.getParent());
            Path partial = file.resolveSibling(file.getFileName() + ".partial");
            Files.write(
                    partial, Contracts.json().writerWithDefaultPrettyPrinter().writeValueAsBytes(byLogicalId));
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + file, e);
        }
    }

    /** What the resource answers to Ref; an unknown logical id is an error that names it. */
    public String ref(String logicalId) {
        return resource(logicalId).ref();
    }

    /** What the resource answers to Fn::GetAtt for this attribute. */
    public String attribute(String logicalId, String name) {
        String value = resource(logicalId).attributes().get(name);
        if (value == null) {
            throw new IllegalArgumentException(logicalId + " has no attribute " + name);
        }
        return value;
    }

    private Deployed resource(String logicalId) {
        Deployed deployed = byLogicalId.get(logicalId);
        if (deployed == null) {
            throw new IllegalArgumentException("the local cloud has no resource " + logicalId);
        }
        return deployed;
    }
}
