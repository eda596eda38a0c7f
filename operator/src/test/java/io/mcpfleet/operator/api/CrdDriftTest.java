package io.mcpfleet.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.fabric8.crdv2.generator.CRDGenerator;
import io.mcpfleet.operator.api.v1alpha1.McpServer;
import io.mcpfleet.operator.testing.Repo;

/** The committed CRD (crds/) is exactly what the Java classes generate; run with -Dcrds.update=true to refresh it. */
class CrdDriftTest {

    @Test
    void committedCrdMatchesTheJavaClasses() throws Exception {
        Path out = Path.of("target", "crd-drift");
        Files.createDirectories(out);
        new CRDGenerator().customResourceClasses(McpServer.class).forCRDVersions("v1").inOutputDir(out.toFile())
                .generate();
        String generated = Files.readString(out.resolve("mcpservers.mcpfleet.io-v1.yml"));
        if (Boolean.getBoolean("crds.update")) {
            Files.createDirectories(Repo.crd().getParent());
            Files.writeString(Repo.crd(), generated);
        }
        assertThat(Repo.crd()).as("crds/ is missing: run `make crds`").exists();
        assertThat(Files.readString(Repo.crd()))
                .as("crds/mcpservers.mcpfleet.io-v1.yml drifted from the Java classes; run `make crds` and commit it")
                .isEqualTo(generated);
    }
}
