package io.mcpfleet.operator.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.mcpfleet.operator.testing.Repo;

/** The offline render prints the same objects the operator creates, for every example, without a cluster. */
class RenderTest {

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = Render.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void rendersEveryExample() {
        for (Path example : Repo.examples()) {
            Result r = run("-f", example.toString(), "-n", "team-a");
            assertThat(r.code()).as(example + ": " + r.err()).isZero();
            assertThat(r.out()).contains("kind: \"ConfigMap\"", "kind: \"Deployment\"", "kind: \"Service\"",
                    "kind: \"ServiceAccount\"", "namespace: \"team-a\"");
            // The output is valid multi-document YAML of Kubernetes objects.
            Object parsed = new KubernetesSerialization().unmarshal(r.out());
            assertThat(parsed).isInstanceOf(List.class);
        }
    }

    @Test
    void jwtKeysAreNotRenderedOffline() throws Exception {
        Path f = Files.createTempFile("jwt", ".yaml");
        Files.writeString(f, """
                apiVersion: mcpfleet.io/v1alpha1
                kind: McpServer
                metadata: {name: secured}
                spec: {auth: {mode: jwt}, replicas: 2}
                """);
        Result r = run("-f", f.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).doesNotContain("kind: \"Secret\"").contains("secured-jwt-signing", "not rendered")
                .contains("kind: \"PodDisruptionBudget\"");
    }

    @Test
    void autoscaledDeploymentLeavesTheReplicaCountToTheAutoscaler() throws Exception {
        Path f = Files.createTempFile("hpa", ".yaml");
        Files.writeString(f, """
                apiVersion: mcpfleet.io/v1alpha1
                kind: McpServer
                metadata: {name: scaled}
                spec: {replicas: 2, autoscaling: {minReplicas: 3, maxReplicas: 6}}
                """);
        Result r = run("-f", f.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<?> objects = (List<?>) new KubernetesSerialization().unmarshal(r.out());
        var deployment = objects.stream().filter(o -> o instanceof io.fabric8.kubernetes.api.model.apps.Deployment)
                .map(o -> (io.fabric8.kubernetes.api.model.apps.Deployment) o).findFirst().orElseThrow();
        assertThat(deployment.getSpec().getReplicas()).isNull();
        assertThat(r.out()).contains("kind: \"HorizontalPodAutoscaler\"");

        Files.writeString(f, """
                apiVersion: mcpfleet.io/v1alpha1
                kind: McpServer
                metadata: {name: fixed}
                spec: {replicas: 2}
                """);
        Result fixed = run("-f", f.toString());
        var fixedDeployment = ((List<?>) new KubernetesSerialization().unmarshal(fixed.out())).stream()
                .filter(o -> o instanceof io.fabric8.kubernetes.api.model.apps.Deployment)
                .map(o -> (io.fabric8.kubernetes.api.model.apps.Deployment) o).findFirst().orElseThrow();
        assertThat(fixedDeployment.getSpec().getReplicas()).isEqualTo(2);
    }

    @Test
    void invalidSpecFailsWithTheReason() throws Exception {
        Path f = Files.createTempFile("bad", ".yaml");
        Files.writeString(f, """
                apiVersion: mcpfleet.io/v1alpha1
                kind: McpServer
                metadata: {name: bad}
                spec: {tools: [{name: a}]}
                """);
        Result r = run("-f", f.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("exactly one handler");
    }

    @Test
    void usageOnMissingFile() {
        assertThat(run().code()).isEqualTo(2);
        assertThat(run("-f", "/nonexistent.yaml").err()).contains("cannot read");
    }
}
