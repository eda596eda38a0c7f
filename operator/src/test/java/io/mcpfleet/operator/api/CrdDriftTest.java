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
        // crds/ for people and OLM, config/crd/ for kustomize (which loads nothing outside its tree).
        for (Path copy : new Path[] { Repo.crd(), Repo.root().resolve("config/crd/mcpservers.mcpfleet.io-v1.yml") }) {
            if (Boolean.getBoolean("crds.update")) {
                Files.createDirectories(copy.getParent());
                Files.writeString(copy, generated);
            }
            assertThat(copy).as(copy + " is missing: regenerate with `make bundle`").exists();
            assertThat(Files.readString(copy))
                    .as(copy + " drifted from the Java classes; regenerate with `make bundle` (or -Dcrds.update=true) and commit it")
                    .isEqualTo(generated);
        }
    }
}
