package io.mcpfleet.operator.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.mcpfleet.operator.api.v1alpha1.McpServer;
import io.mcpfleet.operator.api.v1alpha1.McpServerSpec;
import io.mcpfleet.operator.render.Render;

/** Paths into the repository and McpServers for tests. */
public final class Repo {

    private Repo() {
    }

    public static Path root() {
        String configured = System.getProperty("mcpfleet.repo.root");
        Path root = configured != null ? Path.of(configured) : Path.of("..");
        return root.toAbsolutePath().normalize();
    }

    public static Path crd() {
        return root().resolve("crds/mcpservers.mcpfleet.io-v1.yml");
    }

    public static List<Path> examples() {
        try (Stream<Path> files = Files.list(root().resolve("examples"))) {
            return files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<McpServer> read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return Render.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static McpServer server(String namespace, String name, McpServerSpec spec) {
        McpServer mcp = new McpServer();
        mcp.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).withGeneration(1L)
                .withUid("uid-" + name).build());
        mcp.setSpec(spec);
        return mcp;
    }
}
