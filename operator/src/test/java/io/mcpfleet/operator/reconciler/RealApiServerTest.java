package io.mcpfleet.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.javaoperatorsdk.operator.Operator;
import io.mcpfleet.operator.api.v1alpha1.McpServer;
import io.mcpfleet.operator.dependent.DeploymentDependentResource;
import io.mcpfleet.operator.dependent.OperatorSettings;
import io.mcpfleet.operator.render.Render;
import io.mcpfleet.operator.testing.Repo;

/**
 * The production path (server-side apply, the committed CRD with its CEL rules) against a real kube-apiserver and
 * etcd from fabric8 kube-api-test. It needs the binaries in ~/.kubeapitest (or $KUBE_API_TEST_DIR), or
 * MCPFLEET_KUBE_API_TEST_DOWNLOAD=true to fetch them; without either it skips and says so. There are no
 * controllers either: the test reports Deployment readiness itself and garbage collection is not exercised.
 */
@EnabledIf(value = "available", disabledReason = "kube-api-test binaries (etcd, kube-apiserver) not found in ~/.kubeapitest"
        + " or $KUBE_API_TEST_DIR, and MCPFLEET_KUBE_API_TEST_DOWNLOAD is not true: real-API-server tests skipped")
class RealApiServerTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static KubeAPIServer apiServer;
    private static KubernetesClient client;
    private static Operator operator;
    private static McpServerReconciler reconciler;
    private static final AtomicInteger writes = new AtomicInteger();

    static boolean download() {
        return "true".equals(System.getenv("MCPFLEET_KUBE_API_TEST_DOWNLOAD"));
    }

    static boolean available() throws Exception {
        boolean available = download() || binariesPresent();
        if (!available) {
            System.err.println("RealApiServerTest SKIPPED: no etcd/kube-apiserver under " + binaryDir().resolve("k8s")
                    + " (set MCPFLEET_KUBE_API_TEST_DOWNLOAD=true where the binaries can be downloaded)");
        }
        return available;
    }

    @BeforeAll
    static void start() throws Exception {
        boolean download = download();
        apiServer = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig().withOfflineMode(!download)
                .withUpdateKubeConfig(false).build());
        apiServer.start();
        Interceptor countWrites = new Interceptor() {
            @Override
            public void before(BasicBuilder builder, HttpRequest request, Interceptor.RequestTags tags) {
                if (!"GET".equals(request.method())) {
                    writes.incrementAndGet();
                }
            }
        };
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(apiServer.getKubeConfigYaml()))
                .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("count-writes", countWrites)).build();
        client.load(Files.newInputStream(Repo.crd())).serverSideApply();
        await().atMost(WAIT).until(() -> client.apiextensions().v1().customResourceDefinitions()
                .withName("mcpservers.mcpfleet.io").get().getStatus().getConditions().stream()
                .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus())));
        reconciler = new McpServerReconciler(new EventRecorder());
        operator = new Operator(o -> o.withKubernetesClient(client));
        operator.register(reconciler);
        operator.start();
    }

    static Path binaryDir() {
        String dir = System.getenv(KubeAPIServerConfigBuilder.KUBE_API_TEST_DIR);
        return dir != null ? Path.of(dir) : Path.of(System.getProperty("user.home"), KubeAPIServerConfigBuilder.DIRECTORY_NAME);
    }

    static boolean binariesPresent() throws Exception {
        Path k8s = binaryDir().resolve("k8s");
        if (!Files.isDirectory(k8s)) {
            return false;
        }
        try (Stream<Path> versions = Files.list(k8s)) {
            return versions.anyMatch(v -> new File(v.toFile(), "kube-apiserver").canExecute()
                    && new File(v.toFile(), "etcd").canExecute());
        }
    }

    @AfterAll
    static void stop() {
        if (operator != null) {
            operator.stop();
        }
        if (client != null) {
            client.close();
        }
        if (apiServer != null) {
            apiServer.stop();
        }
    }

    static void namespace(String ns) {
        client.resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).serverSideApply();
    }

    static <T extends HasMetadata> T child(Class<T> type, String ns, String name) {
        return client.resources(type).inNamespace(ns).withName(name).get();
    }

    static String ready(String ns, String name) {
        McpServer m = client.resources(McpServer.class).inNamespace(ns).withName(name).get();
        var c = FleetStatus.find(m.getStatus(), FleetStatus.READY);
        return c == null ? null : c.getStatus();
    }

    static void becomeReady(String ns, String name) {
        Deployment d = await().atMost(WAIT).until(() -> child(Deployment.class, ns, name), Objects::nonNull);
        int n = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        d.setStatus(new DeploymentStatusBuilder().withReplicas(n).withReadyReplicas(n).withUpdatedReplicas(n)
                .withAvailableReplicas(n).withObservedGeneration(d.getMetadata().getGeneration()).build());
        client.resource(d).updateStatus();
    }

    @Test
    void theApiServerRejectsInvalidManifestsWithTheCelMessages() {
        namespace("cel");
        String bad = """
                apiVersion: mcpfleet.io/v1alpha1
                kind: McpServer
                metadata: {name: bad, namespace: cel}
                spec:
                  tools:
                    - {name: a, static: {text: x}}
                    - {name: a, static: {text: y}, http: {url: "https://x.example"}}
                  autoscaling: {minReplicas: 5, maxReplicas: 2}
                """;
        assertThatThrownBy(() -> client.load(new java.io.ByteArrayInputStream(bad.getBytes())).create())
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("tool names must be unique")
                .hasMessageContaining("exactly one handler")
                .hasMessageContaining("minReplicas must not exceed");
    }

    @Test
    void everyExampleReconcilesWithServerSideApplyAndThenWritesNothing() throws Exception {
        int i = 0;
        for (Path file : Repo.examples()) {
            for (McpServer example : Repo.read(file)) {
                String ns = "real-" + i++;
                String name = example.getMetadata().getName();
                namespace(ns);
                example.getMetadata().setNamespace(ns);
                McpServer created = client.resource(example).create();
                for (HasMetadata want : Render.objects(created, OperatorSettings.DEFAULT)) {
                    if (OPTIONAL_KINDS.contains(want.getClass())) {
                        continue; // no cert-manager / Prometheus Operator CRDs here: skipped, see the test below
                    }
                    HasMetadata got = await(file + " " + want.getKind()).atMost(WAIT)
                            .until(() -> child(want.getClass(), ns, want.getMetadata().getName()), Objects::nonNull);
                    assertThat(got.getMetadata().getOwnerReferences()).singleElement()
                            .satisfies(r -> assertThat(r.getUid()).isEqualTo(created.getMetadata().getUid()));
                    if (want instanceof ConfigMap cm) {
                        assertThat(((ConfigMap) got).getData()).isEqualTo(cm.getData());
                    }
                }
                if (created.getSpec().auth().operatorOwnsKeys()) {
                    await().atMost(WAIT).until(() -> child(Secret.class, ns, name + "-jwt-verify"), Objects::nonNull);
                }
                becomeReady(ns, name);
                await(file + " Ready").atMost(WAIT).until(() -> "True".equals(ready(ns, name)));

                // Steady state: a reconcile of the unchanged McpServer must not write (SSA matcher on a real server).
                Thread.sleep(2000);
                long before = reconciler.reconcileCount();
                Deployment d = child(Deployment.class, ns, name);
                d.getMetadata().setAnnotations(java.util.Map.of("test/touch", Long.toString(System.nanoTime())));
                writes.set(0);
                client.resource(d).update(); // the test's own write: counted, subtracted below
                await().atMost(WAIT).until(() -> reconciler.reconcileCount() > before);
                Thread.sleep(2000);
                assertThat(writes.get() - 1).as(file + ": writes during a steady-state reconcile").isZero();
            }
        }
    }

    static final java.util.List<Class<?>> OPTIONAL_KINDS = java.util.List.of(
            io.fabric8.certmanager.api.model.v1.Certificate.class,
            io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor.class,
            io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule.class);

    static McpServer create(String ns, String name, String specYaml) throws Exception {
        namespace(ns);
        McpServer mcp = Repo.server(ns, name, new com.fasterxml.jackson.dataformat.yaml.YAMLMapper()
                .readValue(specYaml, io.mcpfleet.operator.api.v1alpha1.McpServerSpec.class));
        mcp.getMetadata().setUid(null);
        mcp.getMetadata().setGeneration(null);
        return client.resource(mcp).create();
    }

    @Test
    void withoutCertManagerNorThePrometheusOperatorTheRestReconcilesAndStatusSaysWhatWasSkipped() throws Exception {
        create("bare", "opt", """
                replicas: 2
                ingress: {host: mcp.example.com}
                tls: {issuerRef: {name: letsencrypt, kind: ClusterIssuer}}
                observability: {serviceMonitor: {enabled: true}, prometheusRule: {enabled: true}}
                networkPolicy: {enabled: true}
                """);
        await().atMost(WAIT).until(() -> child(Deployment.class, "bare", "opt") != null
                && child(io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class, "bare", "opt") != null
                && child(io.fabric8.kubernetes.api.model.networking.v1.Ingress.class, "bare", "opt") != null);
        await().atMost(WAIT).until(() -> {
            var c = FleetStatus.find(client.resources(McpServer.class).inNamespace("bare").withName("opt").get().getStatus(),
                    FleetStatus.SKIPPED);
            return c != null && "True".equals(c.getStatus()) && c.getMessage().contains("cert-manager is not installed")
                    && c.getMessage().contains("ServiceMonitor opt");
        });
    }

    @Test
    void whileAutoscalingAScaleOfTheDeploymentSurvivesTheNextReconcile() throws Exception {
        create("hpa", "auto", "autoscaling: {minReplicas: 2, maxReplicas: 6}\ntools: [{name: t, static: {text: x}}]");
        await().atMost(WAIT).until(() -> child(Deployment.class, "hpa", "auto") != null
                && Integer.valueOf(2).equals(child(Deployment.class, "hpa", "auto").getSpec().getReplicas()));
        // What the HorizontalPodAutoscaler does: the scale subresource.
        client.apps().deployments().inNamespace("hpa").withName("auto").scale(5);
        client.resources(McpServer.class).inNamespace("hpa").withName("auto").edit(m -> {
            m.setSpec(new io.mcpfleet.operator.api.v1alpha1.McpServerSpec(null, null, java.util.List.of(), null, null, null,
                    null, null, m.getSpec().autoscaling(), null, null, null, null, null, null, null, null, null));
            return m;
        });
        await().atMost(WAIT).until(() -> !child(ConfigMap.class, "hpa", "auto-config").getData().get("mcpserver.json")
                .contains("\"t\""));
        Thread.sleep(2000);
        assertThat(child(Deployment.class, "hpa", "auto").getSpec().getReplicas()).isEqualTo(5);
    }

    @Test
    void aConfigChangeRollsThePods() throws Exception {
        namespace("roll");
        McpServer mcp = Repo.read(Repo.examples().get(0)).get(0);
        mcp.getMetadata().setNamespace("roll");
        mcp.getMetadata().setName("roll");
        client.resource(mcp).create();
        Deployment first = await().atMost(WAIT).until(() -> child(Deployment.class, "roll", "roll"), Objects::nonNull);
        String hash = first.getSpec().getTemplate().getMetadata().getAnnotations()
                .get(DeploymentDependentResource.CONFIG_HASH_ANNOTATION);
        client.resources(McpServer.class).inNamespace("roll").withName("roll")
                .edit(m -> {
                    m.getSpec().resilience();
                    m.setSpec(io.mcpfleet.operator.api.v1alpha1.McpServerSpec.empty());
                    return m;
                });
        await().atMost(WAIT).until(() -> !hash.equals(child(Deployment.class, "roll", "roll").getSpec().getTemplate()
                .getMetadata().getAnnotations().get(DeploymentDependentResource.CONFIG_HASH_ANNOTATION)));
    }
}
