package io.mcpfleet.operator.bench;

import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.mcpfleet.operator.api.v1alpha1.McpServer;
import io.mcpfleet.operator.api.v1alpha1.McpServerSpec;
import io.mcpfleet.operator.reconciler.FleetStatus;
import io.mcpfleet.operator.reconciler.McpServerReconciler;
import io.mcpfleet.operator.testing.Repo;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/**
 * Reconciles N McpServers (default 200) against the mock API server and measures time to converge, API requests
 * per McpServer at creation and at steady state, and heap after convergence. Run with `make bench-operator`
 * (N=...); excluded from the default test run. The test's own requests carry an X-Bench header and are not counted.
 */
@Tag("bench")
@QuarkusTest
@WithKubernetesTestServer
class OperatorBench {

    private static final int N = Integer.getInteger("bench.n", 200);
    private static final int NAMESPACES = 10;
    private static final Duration WAIT = Duration.ofMinutes(5);

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    McpServerReconciler reconciler;

    @Test
    void reconcileManyMcpServers() throws Exception {
        KubernetesClient bench = new KubernetesClientBuilder().withConfig(new ConfigBuilder(server.getClient().getConfiguration())
                .withCustomHeaders(Map.of("X-Bench", "1")).build()).build();
        YAMLMapper yaml = new YAMLMapper();
        McpServerSpec plain = Repo.read(Repo.root().resolve("examples/quickstart.yaml")).get(0).getSpec();
        McpServerSpec secured = yaml.readValue("replicas: 3\nauth: {mode: jwt, jwt: {algorithm: ES256}}\n"
                + "tools: [{name: ping, static: {text: pong}}]", McpServerSpec.class);
        drain();

        // 1. Creation: every 4th McpServer uses JWT (key generation, two Secrets) and 3 replicas (a PDB).
        Instant t0 = Instant.now();
        for (int i = 0; i < N; i++) {
            McpServer mcp = Repo.server("bench-" + (i % NAMESPACES), "mcp-" + i, i % 4 == 0 ? secured : plain);
            mcp.getMetadata().setUid(null);
            mcp.getMetadata().setGeneration(null);
            bench.resource(mcp).create();
        }
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> count(bench, "Creating") == 0
                && bench.resources(McpServer.class).inAnyNamespace().list().getItems().stream()
                        .allMatch(m -> m.getStatus() != null && m.getStatus().getObservedGeneration() != null));
        Duration toChildren = Duration.between(t0, Instant.now());

        // 2. Play the Deployment controller: every fleet reports ready; wait until every McpServer says Ready.
        for (Deployment d : bench.apps().deployments().inAnyNamespace().list().getItems()) {
            int n = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
            d.setStatus(new DeploymentStatusBuilder().withReplicas(n).withReadyReplicas(n).withUpdatedReplicas(n)
                    .withAvailableReplicas(n).withObservedGeneration(d.getMetadata().getGeneration()).build());
            bench.resource(d).updateStatus();
        }
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> count(bench, "AllReplicasReady") == N);
        Duration toReady = Duration.between(t0, Instant.now());
        Thread.sleep(2000);
        Map<String, Integer> creation = operatorRequests(drain());

        // 3. Steady state: touch every Deployment's status (a field the operator ignores) to force N reconciles.
        long before = reconciler.reconcileCount();
        for (Deployment d : bench.apps().deployments().inAnyNamespace().list().getItems()) {
            d.getStatus().setConditions(List.of(new DeploymentConditionBuilder().withType("Available").withStatus("True")
                    .withLastUpdateTime(Instant.now().toString()).build()));
            bench.resource(d).updateStatus();
        }
        await().atMost(WAIT).until(() -> reconciler.reconcileCount() - before >= N);
        Thread.sleep(2000);
        long resyncReconciles = reconciler.reconcileCount() - before;
        Map<String, Integer> steady = operatorRequests(drain());

        System.gc();
        Thread.sleep(500);
        System.gc();
        long heapMiB = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);

        String report = String.format("""
                N=%d McpServers in %d namespaces (every 4th: jwt ES256 + 3 replicas + PDB), %d CPUs, JDK %s
                all children created, status written: %.1f s
                all Ready (after the test reported Deployment readiness): %.1f s
                operator requests during creation+readiness (per McpServer): %s
                steady state: %d reconciles of unchanged McpServers; operator requests: %s (writes: %d)
                heap used after convergence and GC (operator + mock API server + test in one JVM): %d MiB
                """, N, NAMESPACES, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                toChildren.toMillis() / 1000.0, toReady.toMillis() / 1000.0, perServer(creation), resyncReconciles,
                steady, writes(steady), heapMiB);
        System.out.println(report);
        Path out = Repo.root().resolve("bench/operator/results.txt");
        Files.writeString(out, report);
        bench.close();
    }

    static long count(KubernetesClient c, String readyReason) {
        return c.resources(McpServer.class).inAnyNamespace().list().getItems().stream().filter(m -> {
            var ready = FleetStatus.find(m.getStatus(), FleetStatus.READY);
            return ready != null && readyReason.equals(ready.getReason());
        }).count();
    }

    List<RecordedRequest> drain() throws InterruptedException {
        List<RecordedRequest> out = new ArrayList<>();
        RecordedRequest r;
        while ((r = server.getKubernetesMockServer().takeRequest(20, TimeUnit.MILLISECONDS)) != null) {
            out.add(r);
        }
        return out;
    }

    /** Requests the operator made, by method and kind ("POST deployments"), the bench client's excluded. */
    static Map<String, Integer> operatorRequests(List<RecordedRequest> requests) {
        Map<String, Integer> byKind = new TreeMap<>();
        for (RecordedRequest r : requests) {
            if (r.getHeader("X-Bench") != null) {
                continue;
            }
            String path = r.getPath().replaceAll("\\?.*", "");
            String[] parts = path.split("/");
            String kind = path.contains("watch=true") || r.getPath().contains("watch=true") ? "watch"
                    : path.endsWith("/status") ? parts[parts.length - 3] + "/status"
                    : parts.length >= 2 && path.matches(".*/namespaces/[^/]+/[^/]+/[^/]+$") ? parts[parts.length - 2]
                    : parts[parts.length - 1];
            byKind.merge(r.getMethod() + " " + kind, 1, Integer::sum);
        }
        return byKind;
    }

    static String perServer(Map<String, Integer> byKind) {
        StringBuilder sb = new StringBuilder();
        int total = byKind.values().stream().mapToInt(Integer::intValue).sum();
        sb.append(String.format("total %.2f", total / (double) N));
        byKind.forEach((k, v) -> sb.append(String.format("; %s %.2f", k, v / (double) N)));
        return sb.toString();
    }

    static long writes(Map<String, Integer> byKind) {
        return byKind.entrySet().stream().filter(e -> !e.getKey().startsWith("GET")).mapToInt(Map.Entry::getValue).sum();
    }
}
