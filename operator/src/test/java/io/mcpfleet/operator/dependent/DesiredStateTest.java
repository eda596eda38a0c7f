package io.mcpfleet.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.mcpfleet.operator.api.v1alpha1.McpServer;
import io.mcpfleet.operator.api.v1alpha1.McpServerSpec;
import io.mcpfleet.operator.testing.Repo;

/** Each child's desired state, as the pure function of the spec it must be. */
class DesiredStateTest {

    private static final ObjectMapper YAML = new YAMLMapper();
    private static final OperatorSettings SETTINGS = new OperatorSettings("registry.example/mcp-fleet-server:1.2.3");

    static McpServer server(String specYaml) throws Exception {
        return Repo.server("ns", "weather", YAML.readValue(specYaml, McpServerSpec.class));
    }

    @Test
    void configMapHoldsTheSpecAsCanonicalJson() throws Exception {
        McpServer mcp = server("tools: [{name: echo, static: {text: '{{message}}'}}]\nreplicas: 2");
        var cm = ConfigMapDependentResource.build(mcp);
        assertThat(cm.getMetadata().getName()).isEqualTo("weather-config");
        assertThat(cm.getMetadata().getNamespace()).isEqualTo("ns");
        assertThat(cm.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "mcp-fleet-operator");
        var json = new ObjectMapper().readTree(cm.getData().get("mcpserver.json"));
        assertThat(json.at("/tools/0/static/text").asText()).isEqualTo("{{message}}");
        // Operator-only: scaling must not change the config hash (and restart the pods).
        assertThat(json.has("replicas")).isFalse();
        assertThat(json.at("/resilience/drainTimeout").asText()).isEqualTo("20s");
        assertThat(json.at("/observability/serviceName").asText()).isEqualTo("weather");
        // Key order does not depend on the manifest's order, so the hash is stable.
        McpServer reordered = server("replicas: 2\ntools: [{static: {text: '{{message}}'}, name: echo}]");
        McpServer schemaA = server("tools: [{name: e, static: {text: x}, inputSchema: {type: object, required: [a]}}]");
        McpServer schemaB = server("tools: [{name: e, static: {text: x}, inputSchema: {required: [a], type: object}}]");
        assertThat(ConfigMapDependentResource.build(schemaA).getData()).isEqualTo(ConfigMapDependentResource.build(schemaB).getData());
        assertThat(ConfigMapDependentResource.build(reordered).getData()).isEqualTo(cm.getData());
    }

    @Test
    void localFilePathsStayOutOfThePodConfiguration() throws Exception {
        McpServer mcp = server("""
                auth: {mode: jwt, jwt: {keysFile: k/jwks.json, signingKeysFile: k/s.json, issuer: me}}
                tls: {secretName: c, certFile: a.crt, keyFile: a.key}
                observability: {serviceName: svc}
                """);
        var json = new ObjectMapper().readTree(ConfigMapDependentResource.build(mcp).getData().get("mcpserver.json"));
        assertThat(json.at("/auth/jwt").has("keysFile")).isFalse();
        assertThat(json.at("/auth/jwt").has("signingKeysFile")).isFalse();
        assertThat(json.at("/auth/jwt/issuer").asText()).isEqualTo("me");
        assertThat(json.at("/tls").has("certFile")).isFalse();
        assertThat(json.at("/tls/secretName").asText()).isEqualTo("c");
        assertThat(json.at("/observability/serviceName").asText()).isEqualTo("svc");
        var env = DeploymentDependentResource.build(mcp, SETTINGS).getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
        assertThat(env).anyMatch(e -> e.getName().equals("MCP_FLEET_TLS_DIR") && e.getValue().equals("/etc/mcp-fleet/tls"));
    }

    @Test
    void deploymentIsHardenedAndProbed() throws Exception {
        Deployment d = DeploymentDependentResource.build(server("replicas: 3"), SETTINGS);
        var pod = d.getSpec().getTemplate().getSpec();
        Container c = pod.getContainers().get(0);
        assertThat(d.getSpec().getReplicas()).isEqualTo(3);
        assertThat(c.getImage()).isEqualTo("registry.example/mcp-fleet-server:1.2.3");
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getServiceAccountName()).isEqualTo("weather");
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        var sc = c.getSecurityContext();
        assertThat(sc.getReadOnlyRootFilesystem()).isTrue();
        assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
        assertThat(sc.getRunAsNonRoot()).isTrue();
        assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(sc.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health");
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/ready");
        assertThat(c.getStartupProbe().getHttpGet().getPath()).isEqualTo("/health");
        assertThat(c.getReadinessProbe().getHttpGet().getPort()).isEqualTo(new IntOrString("mcp"));
        assertThat(c.getPorts()).extracting(p -> p.getName() + ":" + p.getContainerPort())
                .containsExactly("mcp:8080", "metrics:9090");
        assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(c.getResources().getLimits()).containsKey("memory");
        assertThat(c.getEnv()).anyMatch(e -> e.getName().equals("MCP_FLEET_CONFIG")
                && e.getValue().equals("/etc/mcp-fleet/config/mcpserver.json"));
        assertThat(c.getVolumeMounts()).extracting(VolumeMount::getMountPath)
                .containsExactly("/etc/mcp-fleet/config", "/tmp");
        assertThat(pod.getVolumes()).extracting(v -> v.getConfigMap() != null ? v.getConfigMap().getName() : v.getName())
                .containsExactly("weather-config", "tmp");
        // Default drain 20s plus the margin.
        assertThat(pod.getTerminationGracePeriodSeconds()).isEqualTo(30L);
        assertThat(d.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable()).isEqualTo(new IntOrString(0));
        assertThat(d.getSpec().getSelector().getMatchLabels())
                .isEqualTo(Map.of("app.kubernetes.io/name", "mcp-server", "app.kubernetes.io/instance", "weather"));
    }

    @Test
    void aConfigChangeChangesThePodTemplateHashAndNothingElseDoes() throws Exception {
        String h1 = hash(DeploymentDependentResource.build(server("tools: [{name: a, static: {text: x}}]"), SETTINGS));
        String h2 = hash(DeploymentDependentResource.build(server("tools: [{name: a, static: {text: y}}]"), SETTINGS));
        String h1again = hash(DeploymentDependentResource.build(server("tools: [{name: a, static: {text: x}}]"), SETTINGS));
        assertThat(h1).isNotEqualTo(h2).isEqualTo(h1again).hasSize(16);
    }

    private static String hash(Deployment d) {
        return d.getSpec().getTemplate().getMetadata().getAnnotations().get(DeploymentDependentResource.CONFIG_HASH_ANNOTATION);
    }

    @Test
    void drainTimeoutSetsTheGracePeriod() throws Exception {
        Deployment d = DeploymentDependentResource.build(server("resilience: {drainTimeout: 2m}"), SETTINGS);
        assertThat(d.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds()).isEqualTo(130L);
    }

    @Test
    void specImageWinsOverTheBundledOne() throws Exception {
        Deployment d = DeploymentDependentResource.build(server("image: my/server:7"), SETTINGS);
        assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("my/server:7");
    }

    @Test
    void autoscalingLeavesReplicasToTheHpa() throws Exception {
        // A new Deployment starts at minReplicas, whatever spec.replicas says; later reconciles keep the live count.
        Deployment d = DeploymentDependentResource.build(server("replicas: 3\nautoscaling: {maxReplicas: 5}"), SETTINGS);
        assertThat(d.getSpec().getReplicas()).isEqualTo(1);
    }

    @Test
    void operatorOnlyChangesDoNotRestartThePods() throws Exception {
        String base = ConfigMapDependentResource.build(server("tools: [{name: t, static: {text: x}}]\nauth: {mode: jwt}"))
                .getData().get(ServerConfig.KEY);
        String other = ConfigMapDependentResource.build(server("""
                tools: [{name: t, static: {text: x}}]
                auth: {mode: jwt, jwt: {rotation: {generation: 7}}}
                replicas: 4
                autoscaling: {maxReplicas: 9}
                podDisruptionBudget: {minAvailable: 2}
                networkPolicy: {enabled: true}
                observability: {serviceMonitor: {enabled: true}, prometheusRule: {enabled: true}}
                resources: {requests: {cpu: 1}}
                """)).getData().get(ServerConfig.KEY);
        assertThat(other).isEqualTo(base);
    }

    @Test
    void secretsAreMountedAsFilesNeverAsEnv() throws Exception {
        McpServer mcp = server("""
                auth: {mode: jwt}
                tls: {secretName: weather-cert}
                sessions: {store: redis, redis: {url: "redis://redis:6379", secretName: redis-pw}}
                tools:
                  - name: w
                    http: {url: "https://api.example.com", headersFrom: {secretName: weather-api}}
                  - name: v
                    http: {url: "https://api.example.com/v", headersFrom: {secretName: weather-api}}
                """);
        var pod = DeploymentDependentResource.build(mcp, SETTINGS).getSpec().getTemplate().getSpec();
        Container c = pod.getContainers().get(0);
        assertThat(c.getVolumeMounts()).extracting(VolumeMount::getMountPath).contains(
                "/etc/mcp-fleet/jwt", "/etc/mcp-fleet/tls", "/etc/mcp-fleet/redis", "/etc/mcp-fleet/secrets/weather-api");
        assertThat(c.getVolumeMounts()).filteredOn(m -> !m.getMountPath().equals("/tmp"))
                .allMatch(VolumeMount::getReadOnly);
        assertThat(pod.getVolumes()).filteredOn(v -> v.getSecret() != null)
                .extracting(v -> v.getSecret().getSecretName())
                .containsExactly("weather-jwt-verify", "weather-cert", "redis-pw", "weather-api");
        assertThat(pod.getVolumes()).extracting(Volume::getName).doesNotHaveDuplicates();
        assertThat(c.getEnv()).noneMatch(e -> e.getValueFrom() != null);
        assertThat(c.getPorts().get(0).getContainerPort()).isEqualTo(8443);
        assertThat(c.getReadinessProbe().getHttpGet().getScheme()).isEqualTo("HTTPS");
        // The signing keys are never mounted.
        assertThat(pod.getVolumes()).noneMatch(v -> v.getSecret() != null
                && v.getSecret().getSecretName().endsWith("-jwt-signing"));
    }

    @Test
    void givenJwtSecretIsMountedInsteadOfGeneratedOnes() throws Exception {
        McpServer mcp = server("auth: {mode: jwt, jwt: {secretName: my-jwks}}");
        assertThat(mcp.getSpec().auth().operatorOwnsKeys()).isFalse();
        var pod = DeploymentDependentResource.build(mcp, SETTINGS).getSpec().getTemplate().getSpec();
        assertThat(pod.getVolumes()).anyMatch(v -> v.getSecret() != null && v.getSecret().getSecretName().equals("my-jwks"));
    }

    @Test
    void upstreamSidecarIsRestrictedToo() throws Exception {
        McpServer mcp = server("upstream: {http: {url: 'http://127.0.0.1:3000/mcp', port: 3000, container: {image: up:1}}}");
        List<Container> containers = DeploymentDependentResource.build(mcp, SETTINGS).getSpec().getTemplate().getSpec()
                .getContainers();
        assertThat(containers).extracting(Container::getName).containsExactly("server", "upstream");
        assertThat(containers.get(1).getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    }

    @Test
    void serviceExposesNamedPorts() throws Exception {
        var svc = ServiceDependentResource.build(server("{}"));
        assertThat(svc.getSpec().getPorts()).extracting(p -> p.getName() + ":" + p.getPort() + "->" + p.getTargetPort().getStrVal())
                .containsExactly("mcp:80->mcp", "metrics:9090->metrics");
        assertThat(svc.getSpec().getSelector()).isEqualTo(Labels.selector(server("{}")));
        assertThat(ServiceDependentResource.url(server("{}"))).isEqualTo("http://weather.ns.svc/mcp");
        assertThat(ServiceDependentResource.url(server("ingress: {host: mcp.example.com}\ntls: {secretName: c}")))
                .isEqualTo("https://mcp.example.com/mcp");
        assertThat(ServiceDependentResource.build(server("tls: {secretName: c}")).getSpec().getPorts().get(0).getPort())
                .isEqualTo(443);
    }

    @Test
    void ingressRoutesTheHostToTheMcpPortWithTls() throws Exception {
        McpServer mcp = server("ingress: {host: mcp.example.com, className: nginx, annotations: {a: b}}\n"
                + "tls: {issuerRef: {name: letsencrypt, kind: ClusterIssuer}}");
        assertThat(IngressDependentResource.wanted(server("{}"))).isFalse();
        var ing = IngressDependentResource.build(mcp);
        assertThat(ing.getMetadata().getAnnotations()).containsEntry("a", "b");
        assertThat(ing.getSpec().getIngressClassName()).isEqualTo("nginx");
        var rule = ing.getSpec().getRules().get(0);
        assertThat(rule.getHost()).isEqualTo("mcp.example.com");
        var backend = rule.getHttp().getPaths().get(0).getBackend().getService();
        assertThat(backend.getName()).isEqualTo("weather");
        assertThat(backend.getPort().getName()).isEqualTo("mcp");
        assertThat(ing.getSpec().getTls().get(0).getSecretName()).isEqualTo("weather-tls");
        assertThat(IngressDependentResource.build(server("ingress: {host: h}")).getSpec().getTls()).isNullOrEmpty();
    }

    @Test
    void autoscalerTargetsTheDeploymentOnCpuAndInflightRequests() throws Exception {
        assertThat(HorizontalPodAutoscalerDependentResource.wanted(server("replicas: 3"))).isFalse();
        var hpa = HorizontalPodAutoscalerDependentResource.build(
                server("autoscaling: {minReplicas: 2, maxReplicas: 8, targetInflightRequests: 50}"));
        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("weather");
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(8);
        assertThat(hpa.getSpec().getMetrics()).extracting(m -> m.getType()).containsExactly("Resource", "Pods");
        assertThat(hpa.getSpec().getMetrics().get(0).getResource().getTarget().getAverageUtilization()).isEqualTo(70);
        assertThat(hpa.getSpec().getMetrics().get(1).getPods().getMetric().getName()).isEqualTo("mcp_inflight_requests");
    }

    @Test
    void serviceAccountHasNoToken() throws Exception {
        assertThat(ServiceAccountDependentResource.build(server("{}")).getAutomountServiceAccountToken()).isFalse();
    }

    @Test
    void budgetOnlyWithTwoOrMorePods() throws Exception {
        assertThat(PodDisruptionBudgetDependentResource.wanted(server("replicas: 1"))).isFalse();
        assertThat(PodDisruptionBudgetDependentResource.wanted(server("replicas: 2"))).isTrue();
        assertThat(PodDisruptionBudgetDependentResource.wanted(server("replicas: 3\npodDisruptionBudget: {enabled: false}")))
                .isFalse();
        assertThat(PodDisruptionBudgetDependentResource.wanted(server("autoscaling: {minReplicas: 2, maxReplicas: 4}")))
                .isTrue();
        var pdb = PodDisruptionBudgetDependentResource.build(server("replicas: 3"));
        assertThat(pdb.getSpec().getMaxUnavailable()).isEqualTo(new IntOrString(1));
        assertThat(pdb.getSpec().getMinAvailable()).isNull();
        var given = PodDisruptionBudgetDependentResource.build(server("replicas: 3\npodDisruptionBudget: {minAvailable: 50%}"));
        assertThat(given.getSpec().getMinAvailable()).isEqualTo(new IntOrString("50%"));
        assertThat(given.getSpec().getMaxUnavailable()).isNull();
    }

    @Test
    void verifySetHoldsNoPrivateKey() throws Exception {
        McpServer mcp = server("auth: {mode: jwt}");
        var signing = SigningSecretDependentResource.build(mcp, JsonWebKeys.generate("RS256"));
        assertThat(signing.getMetadata().getName()).isEqualTo("weather-jwt-signing");
        var verify = VerifySecretDependentResource.build(mcp, VerifySecretDependentResource.ring(mcp, signing));
        String jwks = new String(java.util.Base64.getDecoder().decode(verify.getData().get("jwks.json")));
        var key = new ObjectMapper().readTree(jwks).at("/keys/0");
        assertThat(key.has("n")).isTrue();
        assertThat(key.has("d")).isFalse();
        assertThat(key.has("p")).isFalse();
        assertThat(key.get("kid").asText()).isEqualTo(JsonWebKeys.firstKeyId(VerifySecretDependentResource.signingKeys(signing)));
    }
}
