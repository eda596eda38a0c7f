package io.mcpfleet.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.certmanager.api.model.v1.Certificate;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.mcpfleet.operator.api.v1alpha1.McpServer;
import io.mcpfleet.operator.api.v1alpha1.McpServerSpec;
import io.mcpfleet.operator.api.v1alpha1.status.AuthStatus;
import io.mcpfleet.operator.dependent.CrdPresence;
import io.mcpfleet.operator.dependent.DeploymentDependentResource;
import io.mcpfleet.operator.dependent.OperatorSettings;
import io.mcpfleet.operator.render.Render;
import io.mcpfleet.operator.testing.Repo;
import io.mcpfleet.operator.testing.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/**
 * The operator against the fabric8 mock API server (CRUD mode): the one Quarkus boot of the test suite. The mock
 * server has no controllers, so tests play the Deployment controller (patching readiness into status) and check
 * owner references instead of waiting for garbage collection.
 */
@QuarkusTest
@WithKubernetesTestServer
class McpServerReconcilerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    KubernetesClient client;

    @Inject
    McpServerReconciler reconciler;

    @Inject
    OperatorSettings settings;

    @Inject
    TestClock clock;

    static final List<Class<? extends HasMetadata>> OPTIONAL_KINDS = List.of(Certificate.class, ServiceMonitor.class,
            PrometheusRule.class);

    /** cert-manager and the Prometheus Operator "installed" (their CRDs exist) or not. */
    void installOptionalCrds(boolean installed) {
        for (Class<? extends HasMetadata> kind : OPTIONAL_KINDS) {
            String crd = CrdPresence.crdName(kind);
            var existing = client.resources(CustomResourceDefinition.class).withName(crd);
            if (installed && existing.get() == null) {
                client.resource(new CustomResourceDefinitionBuilder().withNewMetadata().withName(crd).endMetadata()
                        .withNewSpec().withGroup(HasMetadata.getGroup(kind)).withScope("Namespaced").withNewNames()
                        .withKind(HasMetadata.getKind(kind)).withPlural(HasMetadata.getPlural(kind)).endNames()
                        .endSpec().build()).create();
            } else if (!installed && existing.get() != null) {
                existing.delete();
                await().atMost(WAIT).until(() -> client.resources(CustomResourceDefinition.class).withName(crd).get() == null);
            }
        }
        CrdPresence.forget();
    }

    /** Edits an McpServer's spec, retrying when the operator's status patch got there first (409). */
    void editSpec(String ns, String name, java.util.function.UnaryOperator<McpServer> change) {
        await().atMost(WAIT).ignoreException(io.fabric8.kubernetes.client.KubernetesClientException.class).until(() -> {
            client.resources(McpServer.class).inNamespace(ns).withName(name).edit(change);
            return true;
        });
    }

    /** A Deployment status change: the operator reconciles the McpServer (its spec and generation unchanged). */
    void poke(String ns, String name) {
        await().atMost(WAIT).ignoreException(io.fabric8.kubernetes.client.KubernetesClientException.class)
                .until(() -> pokeOnce(ns, name));
    }

    boolean pokeOnce(String ns, String name) {
        client.apps().deployments().inNamespace(ns).withName(name).editStatus(d -> {
            if (d.getStatus() == null) {
                d.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatus());
            }
            d.getStatus().setConditions(List.of(new DeploymentConditionBuilder().withType("Available").withStatus("True")
                    .withLastUpdateTime(java.time.Instant.now().toString()).withReason("poke" + System.nanoTime()).build()));
            return d;
        });
        return true;
    }

    static McpServerSpec spec(String yaml) throws Exception {
        return new YAMLMapper().readValue(yaml, McpServerSpec.class);
    }

    McpServer create(String namespace, String name, McpServerSpec spec) {
        McpServer mcp = Repo.server(namespace, name, spec);
        mcp.getMetadata().setUid(null);
        mcp.getMetadata().setGeneration(null);
        return client.resource(mcp).create();
    }

    McpServer get(String ns, String name) {
        return client.resources(McpServer.class).inNamespace(ns).withName(name).get();
    }

    <T extends HasMetadata> T child(Class<T> type, String ns, String name) {
        return client.resources(type).inNamespace(ns).withName(name).get();
    }

    /** What the Deployment controller and kubelet would report once every pod of the current template is ready. */
    void becomeReady(String ns, String name) {
        Deployment d = await().atMost(WAIT).until(() -> child(Deployment.class, ns, name), java.util.Objects::nonNull);
        int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        client.apps().deployments().inNamespace(ns).withName(name).editStatus(dep -> {
            dep.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
                    .withReplicas(replicas).withReadyReplicas(replicas).withUpdatedReplicas(replicas)
                    .withAvailableReplicas(replicas).withObservedGeneration(dep.getMetadata().getGeneration()).build());
            return dep;
        });
    }

    String condition(String ns, String name, String type) {
        McpServer mcp = get(ns, name);
        var c = FleetStatus.find(mcp.getStatus(), type);
        return c == null ? null : c.getStatus() + "/" + c.getReason();
    }

    @Test
    void everyExampleBecomesItsChildrenFieldByFieldAndGetsReady() {
        installOptionalCrds(true);
        int i = 0;
        for (Path file : Repo.examples()) {
            for (McpServer example : Repo.read(file)) {
                String ns = "example-" + i++;
                String name = example.getMetadata().getName();
                McpServer created = create(ns, name, example.getSpec());
                McpServer expected = Repo.server(ns, name, created.getSpec());

                for (HasMetadata want : Render.objects(expected, settings)) {
                    HasMetadata got = await(file + ": " + want.getKind()).atMost(WAIT)
                            .until(() -> child(want.getClass(), ns, want.getMetadata().getName()), java.util.Objects::nonNull);
                    assertThat(got.getMetadata().getLabels()).as(file + " " + want.getKind() + " labels")
                            .containsAllEntriesOf(want.getMetadata().getLabels());
                    assertOwnedBy(got, created);
                    if (want instanceof ConfigMap cm) {
                        assertThat(((ConfigMap) got).getData()).isEqualTo(cm.getData());
                    } else if (want instanceof Deployment d) {
                        assertThat(((Deployment) got).getSpec()).as(file + " Deployment spec").isEqualTo(d.getSpec());
                    } else if (want instanceof Service s) {
                        assertThat(((Service) got).getSpec()).isEqualTo(s.getSpec());
                    } else if (want instanceof ServiceAccount sa) {
                        assertThat(((ServiceAccount) got).getAutomountServiceAccountToken())
                                .isEqualTo(sa.getAutomountServiceAccountToken());
                    } else if (want instanceof io.fabric8.kubernetes.api.model.networking.v1.Ingress ing) {
                        assertThat(((io.fabric8.kubernetes.api.model.networking.v1.Ingress) got).getSpec())
                                .isEqualTo(ing.getSpec());
                    } else if (want instanceof io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler h) {
                        assertThat(((io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler) got)
                                .getSpec()).isEqualTo(h.getSpec());
                    } else if (want instanceof PodDisruptionBudget p) {
                        assertThat(((PodDisruptionBudget) got).getSpec()).isEqualTo(p.getSpec());
                    } else if (want instanceof NetworkPolicy p) {
                        assertThat(((NetworkPolicy) got).getSpec()).isEqualTo(p.getSpec());
                    } else if (want instanceof Certificate c) {
                        assertThat(((Certificate) got).getSpec()).isEqualTo(c.getSpec());
                    } else if (want instanceof ServiceMonitor m) {
                        assertThat(((ServiceMonitor) got).getSpec()).isEqualTo(m.getSpec());
                    } else if (want instanceof PrometheusRule r) {
                        assertThat(((PrometheusRule) got).getSpec()).isEqualTo(r.getSpec());
                    } else {
                        throw new AssertionError("unexpected kind " + want.getKind());
                    }
                }
                if (created.getSpec().auth().operatorOwnsKeys()) {
                    assertOwnedBy(await().atMost(WAIT).until(() -> child(Secret.class, ns, name + "-jwt-signing"),
                            java.util.Objects::nonNull), created);
                    assertOwnedBy(await().atMost(WAIT).until(() -> child(Secret.class, ns, name + "-jwt-verify"),
                            java.util.Objects::nonNull), created);
                }
                if (created.getSpec().tls() != null && created.getSpec().tls().issuerRef() != null) {
                    // The mock server has no cert-manager: play it, as the pods wait for this Secret.
                    client.resource(new io.fabric8.kubernetes.api.model.SecretBuilder().withNewMetadata()
                            .withName(name + "-tls").withNamespace(ns).endMetadata().withType("kubernetes.io/tls")
                            .addToStringData("tls.crt", "x").addToStringData("tls.key", "y").build()).create();
                }
                becomeReady(ns, name);
                await(file + " Ready").atMost(WAIT).until(() -> "True/AllReplicasReady".equals(condition(ns, name, "Ready")));
                McpServer done = get(ns, name);
                assertThat(done.getStatus().getObservedGeneration()).isEqualTo(done.getMetadata().getGeneration());
                assertThat(done.getStatus().getUrl()).isEqualTo(io.mcpfleet.operator.dependent.Exposure.url(expected));
                assertThat(condition(ns, name, "Skipped")).isEqualTo("False/NothingSkipped");
                assertThat(condition(ns, name, "Degraded")).isEqualTo("False/AsExpected");
                assertThat(condition(ns, name, "Progressing")).isEqualTo("False/RolloutComplete");
            }
        }
        assertThat(i).isGreaterThanOrEqualTo(2);
    }

    static void assertOwnedBy(HasMetadata child, McpServer owner) {
        assertThat(child.getMetadata().getOwnerReferences()).as(child.getKind() + " owner").singleElement()
                .satisfies(ref -> {
                    assertThat(ref.getKind()).isEqualTo("McpServer");
                    assertThat(ref.getName()).isEqualTo(owner.getMetadata().getName());
                    assertThat(ref.getUid()).isEqualTo(owner.getMetadata().getUid());
                    assertThat(ref.getController()).isTrue();
                });
    }

    @Test
    void aSpecChangeRollsThePodsAndUpdatesTheConfig() throws Exception {
        String ns = "update";
        create(ns, "roll", spec("tools: [{name: greet, static: {text: hello}}]"));
        becomeReady(ns, "roll");
        await().atMost(WAIT).until(() -> "True/AllReplicasReady".equals(condition(ns, "roll", "Ready")));
        String hashBefore = podTemplateHash(ns);

        client.resources(McpServer.class).inNamespace(ns).withName("roll").edit(m -> {
            m.setSpec(new McpServerSpec(null, 2, List.of(), null, null, null, null, null, null, null, null, null, null, null,
                    null, null, null, null));
            return m;
        });
        // A changed config means new pods: the template hash changes with the ConfigMap's content.
        await().atMost(WAIT).until(() -> !podTemplateHash(ns).equals(hashBefore));
        assertThat(child(ConfigMap.class, ns, "roll-config").getData().get("mcpserver.json")).doesNotContain("greet");
        assertThat(child(Deployment.class, ns, "roll").getSpec().getReplicas()).isEqualTo(2);
        // Two pods now: a disruption budget appears.
        await().atMost(WAIT).until(() -> child(PodDisruptionBudget.class, ns, "roll") != null);
        await().atMost(WAIT).until(() -> get(ns, "roll").getStatus().getObservedGeneration() == 2L);
        assertThat(condition(ns, "roll", "Progressing")).isEqualTo("True/RollingOut");
        becomeReady(ns, "roll");
        await().atMost(WAIT).until(() -> "True/AllReplicasReady".equals(condition(ns, "roll", "Ready")));
        assertThat(events(ns, "roll")).contains("Created", "SpecApplied", "Ready");
    }

    String podTemplateHash(String ns) {
        Deployment d = child(Deployment.class, ns, "roll");
        return d.getSpec().getTemplate().getMetadata().getAnnotations().get(DeploymentDependentResource.CONFIG_HASH_ANNOTATION);
    }

    List<String> events(String ns, String name) {
        return client.v1().events().inNamespace(ns).list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName())).map(e -> e.getReason()).toList();
    }

    @Test
    void anUnchangedMcpServerIsReconciledWithoutASingleWrite() throws Exception {
        String ns = "steady";
        create(ns, "quiet", spec("replicas: 2\nauth: {mode: jwt}\ntools: [{name: t, static: {text: x}}]"));
        becomeReady(ns, "quiet");
        await().atMost(WAIT).until(() -> "True/AllReplicasReady".equals(condition(ns, "quiet", "Ready")));
        Thread.sleep(1000); // let the last writes' events come back and be reconciled
        drainRequests();

        long before = reconciler.reconcileCount();
        // A change the fleet's status does not depend on triggers a reconcile of the unchanged McpServer.
        client.apps().deployments().inNamespace(ns).withName("quiet").editStatus(d -> {
            d.getStatus().setConditions(List.of(new DeploymentConditionBuilder().withType("Available").withStatus("True")
                    .withLastUpdateTime(java.time.Instant.now().toString()).build()));
            return d;
        });
        await().atMost(WAIT).until(() -> reconciler.reconcileCount() > before);
        Thread.sleep(1000);

        List<String> writes = drainRequests().stream()
                .filter(r -> !r.getMethod().equals("GET"))
                .filter(r -> !r.getPath().contains("/deployments/quiet/status")) // the test's own patch
                .map(r -> r.getMethod() + " " + r.getPath()).toList();
        assertThat(writes).as("writes during a reconcile of an unchanged McpServer").isEmpty();
    }

    List<RecordedRequest> drainRequests() throws InterruptedException {
        List<RecordedRequest> out = new ArrayList<>();
        RecordedRequest r;
        while ((r = server.getKubernetesMockServer().takeRequest(50, TimeUnit.MILLISECONDS)) != null) {
            out.add(r);
        }
        return out;
    }

    @Test
    void anInvalidSpecIsDegradedWithTheReasonAndChangesNothing() throws Exception {
        String ns = "invalid";
        // The mock server does not run the CRD's CEL rules; the operator's own check must catch this.
        create(ns, "dup", spec("tools: [{name: a, static: {text: x}}, {name: a, http: {url: 'https://x.example'}}]"));
        await().atMost(WAIT).until(() -> "True/InvalidSpec".equals(condition(ns, "dup", "Degraded")));
        var degraded = FleetStatus.find(get(ns, "dup").getStatus(), "Degraded");
        assertThat(degraded.getMessage()).contains("tool names must be unique", "'a' appears twice", "Fix the McpServer");
        assertThat(condition(ns, "dup", "Ready")).isEqualTo("False/InvalidSpec");
        assertThat(child(Deployment.class, ns, "dup")).isNull();
        await().atMost(WAIT).until(() -> events(ns, "dup").contains("InvalidSpec"));

        // Fixing it recovers.
        client.resources(McpServer.class).inNamespace(ns).withName("dup").edit(m -> {
            m.setSpec(McpServerSpec.empty());
            return m;
        });
        await().atMost(WAIT).until(() -> child(Deployment.class, ns, "dup") != null);
        await().atMost(WAIT).until(() -> "False/AsExpected".equals(condition(ns, "dup", "Degraded")));
    }

    @Test
    void signingKeysAreGeneratedOnceAndTurningJwtOffRemovesThem() throws Exception {
        String ns = "keys";
        create(ns, "sec", spec("auth: {mode: jwt, jwt: {algorithm: RS256}}"));
        Secret signing = await().atMost(WAIT).until(() -> child(Secret.class, ns, "sec-jwt-signing"), java.util.Objects::nonNull);
        await().atMost(WAIT).until(() -> get(ns, "sec").getStatus() != null && get(ns, "sec").getStatus().getAuth() != null);
        String kid = get(ns, "sec").getStatus().getAuth().activeKeyId();
        assertThat(kid).isNotBlank();

        client.resources(McpServer.class).inNamespace(ns).withName("sec").edit(m -> {
            m.getSpec().tools();
            m.setSpec(new McpServerSpec(null, 3, null, null, null, m.getSpec().auth(), null, null, null, null, null, null, null,
                    null, null, null, null, null));
            return m;
        });
        await().atMost(WAIT).until(() -> get(ns, "sec").getStatus().getObservedGeneration() == 2L);
        Secret after = child(Secret.class, ns, "sec-jwt-signing");
        assertThat(after.getData() != null ? after.getData() : after.getStringData())
                .isEqualTo(signing.getData() != null ? signing.getData() : signing.getStringData());
        assertThat(get(ns, "sec").getStatus().getAuth().activeKeyId()).isEqualTo(kid);
        assertThat(child(Secret.class, ns, "sec-jwt-verify").getData().get("jwks.json")).isNotBlank();

        client.resources(McpServer.class).inNamespace(ns).withName("sec").edit(m -> {
            m.setSpec(McpServerSpec.empty());
            return m;
        });
        await().atMost(WAIT).until(() -> child(Secret.class, ns, "sec-jwt-signing") == null
                && child(Secret.class, ns, "sec-jwt-verify") == null);
    }

    @Test
    void ingressAndAutoscalerFollowTheSpec() throws Exception {
        String ns = "expose";
        create(ns, "web", spec("ingress: {host: mcp.example.com}\nautoscaling: {minReplicas: 2, maxReplicas: 5}"));
        await().atMost(WAIT).until(() -> child(io.fabric8.kubernetes.api.model.networking.v1.Ingress.class, ns, "web") != null
                && child(io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class, ns, "web") != null);
        // A new Deployment starts at minReplicas; from then on the autoscaler owns the count.
        assertThat(child(Deployment.class, ns, "web").getSpec().getReplicas()).isEqualTo(2);
        await().atMost(WAIT).until(() -> get(ns, "web").getStatus() != null
                && "http://mcp.example.com/mcp".equals(get(ns, "web").getStatus().getUrl()));

        client.resources(McpServer.class).inNamespace(ns).withName("web").edit(m -> {
            m.setSpec(McpServerSpec.empty());
            return m;
        });
        await().atMost(WAIT).until(() -> child(io.fabric8.kubernetes.api.model.networking.v1.Ingress.class, ns, "web") == null
                && child(io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class, ns, "web") == null);
        await().atMost(WAIT).until(() -> Integer.valueOf(1).equals(child(Deployment.class, ns, "web").getSpec().getReplicas()));
    }

    @Test
    void healthAndMetricsAreServed() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        String base = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("test.url", String.class);
        var live = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/q/health/live")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(live.statusCode()).isEqualTo(200);
        var ready = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/q/health/ready")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(ready.body()).contains("mcpserver");
        var metrics = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes", "operator_sdk");
    }

    @Test
    void leaderElectionIsConfiguredForProduction() {
        // QOSDK looks this bean up in the prod profile (leader election is off in tests, where one operator runs).
        var bean = io.quarkus.arc.Arc.container()
                .instance(io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration.class);
        assertThat(bean.isAvailable()).isTrue();
        assertThat(bean.get().getLeaseName()).isEqualTo("mcp-fleet-operator-lease");
    }

    @Test
    void deletionIsLeftToKubernetesGarbageCollection() throws Exception {
        String ns = "delete";
        McpServer created = create(ns, "gone", spec("replicas: 2"));
        await().atMost(WAIT).until(() -> child(PodDisruptionBudget.class, ns, "gone") != null);
        // No finalizer: deleting never waits on the operator, and every child is owned, so the GC removes them.
        assertThat(get(ns, "gone").getMetadata().getFinalizers()).isNullOrEmpty();
        for (Class<? extends HasMetadata> kind : List.of(ConfigMap.class, ServiceAccount.class, Deployment.class,
                Service.class, PodDisruptionBudget.class)) {
            List<? extends HasMetadata> owned = client.resources(kind).inNamespace(ns).list().getItems();
            assertThat(owned).as(kind.getSimpleName()).isNotEmpty();
            owned.forEach(o -> assertOwnedBy(o, created));
            OwnerReference ref = owned.get(0).getMetadata().getOwnerReferences().get(0);
            assertThat(ref.getBlockOwnerDeletion()).isNotEqualTo(Boolean.FALSE);
        }
        client.resource(get(ns, "gone")).delete();
        await().atMost(WAIT).until(() -> get(ns, "gone") == null);
    }

    @Test
    void withoutTheirCrdsOptionalChildrenAreSkippedAndSaidSoTheRestReconcilesAndOnceInstalledTheyAreCreated()
            throws Exception {
        installOptionalCrds(false);
        try {
            String ns = "bare";
            create(ns, "opt", spec("""
                    replicas: 2
                    ingress: {host: mcp.example.com}
                    tls: {issuerRef: {name: letsencrypt, kind: ClusterIssuer}}
                    observability: {serviceMonitor: {enabled: true}, prometheusRule: {enabled: true}}
                    networkPolicy: {enabled: true}
                    """));
            await().atMost(WAIT).until(() -> "True/CRDNotInstalled".equals(condition(ns, "opt", "Skipped")));
            String message = FleetStatus.find(get(ns, "opt").getStatus(), "Skipped").getMessage();
            assertThat(message).contains("Certificate opt", "cert-manager is not installed", "certificates.cert-manager.io",
                    "ServiceMonitor opt", "PrometheusRule opt", "Prometheus Operator");
            // The rest is there.
            await().atMost(WAIT).until(() -> child(Deployment.class, ns, "opt") != null
                    && child(io.fabric8.kubernetes.api.model.networking.v1.Ingress.class, ns, "opt") != null
                    && child(NetworkPolicy.class, ns, "opt") != null && child(PodDisruptionBudget.class, ns, "opt") != null);
            assertThat(condition(ns, "opt", "Degraded")).isEqualTo("False/AsExpected");
            for (Class<? extends HasMetadata> kind : OPTIONAL_KINDS) {
                assertThat(client.resources(kind).inNamespace(ns).list().getItems()).as(kind.getSimpleName()).isEmpty();
            }

            installOptionalCrds(true);
            poke(ns, "opt");
            await().atMost(WAIT).until(() -> child(Certificate.class, ns, "opt") != null
                    && child(ServiceMonitor.class, ns, "opt") != null && child(PrometheusRule.class, ns, "opt") != null);
            assertThat(child(Certificate.class, ns, "opt").getSpec().getDnsNames()).containsExactly("mcp.example.com");
            assertThat(child(ServiceMonitor.class, ns, "opt").getSpec().getEndpoints().get(0).getPort()).isEqualTo("metrics");
            await().atMost(WAIT).until(() -> "False/NothingSkipped".equals(condition(ns, "opt", "Skipped")));

            // Turning them off removes them.
            editSpec(ns, "opt", m -> {
                m.setSpec(McpServerSpec.empty());
                return m;
            });
            await().atMost(WAIT).until(() -> child(Certificate.class, ns, "opt") == null
                    && child(ServiceMonitor.class, ns, "opt") == null && child(PrometheusRule.class, ns, "opt") == null
                    && child(NetworkPolicy.class, ns, "opt") == null);
        } finally {
            installOptionalCrds(true);
        }
    }

    @Test
    void whileAutoscalingTheOperatorNeverTouchesTheReplicaCount() throws Exception {
        String ns = "scale";
        create(ns, "hpa", spec("replicas: 4\ntools: [{name: t, static: {text: x}}]"));
        await().atMost(WAIT).until(() -> child(Deployment.class, ns, "hpa") != null);
        assertThat(child(Deployment.class, ns, "hpa").getSpec().getReplicas()).isEqualTo(4);

        // Turning autoscaling on for a running fleet keeps its 4 pods (not the default 1).
        editSpec(ns, "hpa", m -> {
            m.setSpec(new McpServerSpec(null, 4, m.getSpec().tools(), null, null, null, null, null,
                    new io.mcpfleet.operator.api.v1alpha1.spec.Autoscaling(2, 10, null, null, null, null),
                    null, null, null, null, null, null, null, null, null));
            return m;
        });
        await().atMost(WAIT).until(() -> child(HorizontalPodAutoscaler.class, ns, "hpa") != null);
        await().atMost(WAIT).until(() -> get(ns, "hpa").getStatus().getObservedGeneration() == 2L);
        assertThat(child(Deployment.class, ns, "hpa").getSpec().getReplicas()).isEqualTo(4);

        // The autoscaler (or kubectl scale) moves the count; a reconcile, even one that changes the pods, leaves it.
        await().atMost(WAIT).ignoreException(io.fabric8.kubernetes.client.KubernetesClientException.class).until(() -> {
            client.apps().deployments().inNamespace(ns).withName("hpa").edit(d -> {
                d.getSpec().setReplicas(7);
                return d;
            });
            return true;
        });
        editSpec(ns, "hpa", m -> {
            m.setSpec(new McpServerSpec(null, 4, List.of(), null, null, null, null, null, m.getSpec().autoscaling(),
                    null, null, null, null, null, null, null, null, null));
            return m;
        });
        await().atMost(WAIT).until(() -> !child(ConfigMap.class, ns, "hpa-config").getData().get("mcpserver.json")
                .contains("\"t\""));
        await().atMost(WAIT).until(() -> get(ns, "hpa").getStatus().getObservedGeneration() == 3L);
        poke(ns, "hpa");
        Thread.sleep(500);
        assertThat(child(Deployment.class, ns, "hpa").getSpec().getReplicas()).isEqualTo(7);
    }

    @Test
    void bumpingTheRotationGenerationPublishesThenSwitchesThenRetiresOnTheClock() throws Exception {
        String ns = "rotate";
        create(ns, "rot", spec("auth: {mode: jwt, jwt: {algorithm: ES256, rotation: {generation: 1, gracePeriod: 1h, propagationDelay: 2m}}}"));
        await().atMost(WAIT).until(() -> get(ns, "rot").getStatus() != null && get(ns, "rot").getStatus().getAuth() != null);
        becomeReady(ns, "rot");
        String first = get(ns, "rot").getStatus().getAuth().activeKeyId();
        String template = podTemplateHash(ns, "rot");

        editSpec(ns, "rot", m -> {
            var jwt = m.getSpec().auth().jwt();
            var bumped = new io.mcpfleet.operator.api.v1alpha1.spec.Jwt(jwt.algorithm(), null, null, null,
                    new io.mcpfleet.operator.api.v1alpha1.spec.Rotation(2L, "1h", "2m"), null, null, null, null);
            m.setSpec(new McpServerSpec(null, null, null, null, null,
                    new io.mcpfleet.operator.api.v1alpha1.spec.Auth("jwt", bumped, null, null), null, null, null, null,
                    null, null, null, null, null, null, null, null));
            return m;
        });
        await().atMost(WAIT).until(() -> "Publishing".equals(auth(ns, "rot").phase()));
        String second = auth(ns, "rot").publishingKeyId();
        assertThat(auth(ns, "rot").activeKeyId()).isEqualTo(first);
        assertThat(verifyKids(ns, "rot")).containsExactly(first, second);
        assertThat(signingKid(ns, "rot")).isEqualTo(first);

        clock.advance(java.time.Duration.ofMinutes(2));
        poke(ns, "rot");
        await().atMost(WAIT).until(() -> "Active".equals(auth(ns, "rot").phase()));
        assertThat(auth(ns, "rot").activeKeyId()).isEqualTo(second);
        assertThat(auth(ns, "rot").retiringKeyIds()).containsExactly(first);
        assertThat(auth(ns, "rot").retiringUntil()).isNotNull();
        assertThat(verifyKids(ns, "rot")).containsExactly(second, first);
        assertThat(signingKid(ns, "rot")).isEqualTo(second);

        clock.advance(java.time.Duration.ofMinutes(61));
        poke(ns, "rot");
        await().atMost(WAIT).until(() -> auth(ns, "rot").retiringKeyIds() == null);
        assertThat(verifyKids(ns, "rot")).containsExactly(second);
        // Pods reload the verify set; the template (and so the pods) never changed.
        assertThat(podTemplateHash(ns, "rot")).isEqualTo(template);
        assertThat(events(ns, "rot")).contains("KeyPublished", "KeySwitched", "KeyRetired");
    }

    AuthStatus auth(String ns, String name) {
        return get(ns, name).getStatus().getAuth();
    }

    List<String> verifyKids(String ns, String name) throws Exception {
        String jwks = new String(java.util.Base64.getDecoder().decode(
                child(Secret.class, ns, name + "-jwt-verify").getData().get("jwks.json")));
        List<String> kids = new ArrayList<>();
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(jwks).path("keys").forEach(k -> kids.add(k.path("kid").asText()));
        return kids;
    }

    String signingKid(String ns, String name) {
        Secret s = child(Secret.class, ns, name + "-jwt-signing");
        String jwks = s.getData() != null && s.getData().containsKey("jwks.json")
                ? new String(java.util.Base64.getDecoder().decode(s.getData().get("jwks.json")))
                : s.getStringData().get("jwks.json");
        return io.mcpfleet.operator.dependent.JsonWebKeys.firstKeyId(jwks);
    }

    String podTemplateHash(String ns, String name) {
        return child(Deployment.class, ns, name).getSpec().getTemplate().getMetadata().getAnnotations()
                .get(DeploymentDependentResource.CONFIG_HASH_ANNOTATION);
    }

    @Test
    void anUpstreamIsRefusedUpFrontInsteadOfCrashLoopingPods() throws Exception {
        String ns = "gateway";
        create(ns, "gw", spec("upstream: {http: {url: 'http://127.0.0.1:3000/mcp'}}"));
        await().atMost(WAIT).until(() -> "True/InvalidSpec".equals(condition(ns, "gw", "Degraded")));
        assertThat(FleetStatus.find(get(ns, "gw").getStatus(), "Degraded").getMessage())
                .contains("spec.upstream: fronting an upstream MCP server is not available yet");
        assertThat(child(Deployment.class, ns, "gw")).isNull();
    }

    @Test
    void unreadyPodsOfARedisBackedFleetPointAtRedis() throws Exception {
        String ns = "redis";
        create(ns, "rs", spec("""
                replicas: 2
                ingress: {host: mcp.example.com}
                sessions: {store: redis, redis: {url: 'redis://:hunter2@redis.data.svc:6379/0', secretName: redis-auth}}
                """));
        Deployment d = await().atMost(WAIT).until(() -> child(Deployment.class, ns, "rs"), java.util.Objects::nonNull);
        var pod = d.getSpec().getTemplate().getSpec();
        assertThat(pod.getVolumes()).anyMatch(v -> v.getSecret() != null && "redis-auth".equals(v.getSecret().getSecretName()));
        assertThat(pod.getContainers().get(0).getVolumeMounts()).anyMatch(m -> m.getMountPath().equals("/etc/mcp-fleet/redis"));
        // No session affinity with sessions on Redis.
        var ingress = await().atMost(WAIT).until(() -> child(io.fabric8.kubernetes.api.model.networking.v1.Ingress.class, ns, "rs"),
                java.util.Objects::nonNull);
        assertThat(ingress.getMetadata().getAnnotations()).doesNotContainKey("nginx.ingress.kubernetes.io/affinity");
        // Redis down: the server's /ready is 503, so the Deployment reports fewer ready pods.
        client.apps().deployments().inNamespace(ns).withName("rs").editStatus(dep -> {
            dep.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder().withReplicas(2)
                    .withReadyReplicas(0).withUpdatedReplicas(2).withObservedGeneration(dep.getMetadata().getGeneration())
                    .build());
            return dep;
        });
        await().atMost(WAIT).until(() -> "False/PodsNotReady".equals(condition(ns, "rs", "Ready")));
        String message = FleetStatus.find(get(ns, "rs").getStatus(), "Ready").getMessage();
        assertThat(message).contains("0/2 pods ready", "Redis (redis.data.svc:6379)", "redis-auth").doesNotContain("hunter2");
        becomeReady(ns, "rs");
        await().atMost(WAIT).until(() -> "True/AllReplicasReady".equals(condition(ns, "rs", "Ready")));
    }

    @Test
    void aChangeToAUserGivenKeySecretIsNoticedWithoutTouchingThePods() throws Exception {
        String ns = "ownkeys";
        String one = io.mcpfleet.operator.dependent.JsonWebKeys.publicSet(io.mcpfleet.operator.dependent.JsonWebKeys.generate("ES256"));
        String two = io.mcpfleet.operator.dependent.JsonWebKeys.publicSet(io.mcpfleet.operator.dependent.JsonWebKeys.generate("ES256"));
        String kid1 = io.mcpfleet.operator.dependent.JsonWebKeys.firstKeyId(one);
        String kid2 = io.mcpfleet.operator.dependent.JsonWebKeys.firstKeyId(two);
        client.resource(new io.fabric8.kubernetes.api.model.SecretBuilder().withNewMetadata().withName("my-keys")
                .withNamespace(ns).endMetadata().addToStringData("jwks.json", one).build()).create();
        create(ns, "own", spec("auth: {mode: jwt, jwt: {algorithm: ES256, secretName: my-keys}}"));
        await().atMost(WAIT).until(() -> get(ns, "own").getStatus() != null && get(ns, "own").getStatus().getAuth() != null
                && List.of(kid1).equals(auth(ns, "own").verifyKeyIds()));
        assertThat(auth(ns, "own").phase()).isEqualTo("External");
        assertThat(child(Secret.class, ns, "my-keys").getMetadata().getLabels()).containsEntry("mcpfleet.io/watched", "true");
        assertThat(child(Secret.class, ns, "own-jwt-signing")).isNull();
        String template = podTemplateHash(ns, "own");

        // The user publishes a second key: the operator notices (no McpServer change), pods are not rolled.
        client.secrets().inNamespace(ns).withName("my-keys").edit(sec -> {
            String both = "{\"keys\":[" + one.substring(one.indexOf('[') + 1, one.lastIndexOf(']')) + ","
                    + two.substring(two.indexOf('[') + 1, two.lastIndexOf(']')) + "]}";
            sec.setData(java.util.Map.of("jwks.json", java.util.Base64.getEncoder().encodeToString(both.getBytes())));
            sec.setStringData(null);
            return sec;
        });
        await().atMost(WAIT).until(() -> List.of(kid1, kid2).equals(auth(ns, "own").verifyKeyIds()));
        assertThat(podTemplateHash(ns, "own")).isEqualTo(template);
        var volume = child(Deployment.class, ns, "own").getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> "jwt".equals(v.getName())).findFirst().orElseThrow();
        assertThat(volume.getSecret().getSecretName()).isEqualTo("my-keys");
        await().atMost(WAIT).until(() -> events(ns, "own").contains("VerifyKeysChanged"));
    }
}
