package io.mcpfleet.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.mcpfleet.operator.api.v1alpha1.McpServer;
import io.mcpfleet.operator.api.v1alpha1.McpServerSpec;
import io.mcpfleet.operator.api.v1alpha1.SpecValidator;
import io.mcpfleet.operator.testing.Repo;

/** Ingress, Certificate, HPA, ServiceMonitor, PrometheusRule, NetworkPolicy and the exposure they share, as pure functions. */
class ExposureAndOptionalChildrenTest {

    private static final ObjectMapper YAML = new YAMLMapper();
    private static final OperatorSettings SETTINGS = new OperatorSettings("registry.example/mcp-fleet-server:1.2.3");

    static McpServer server(String specYaml) throws Exception {
        return Repo.server("team", "weather", YAML.readValue(specYaml, McpServerSpec.class));
    }

    static JsonNode config(McpServer mcp) throws Exception {
        return new ObjectMapper().readTree(ConfigMapDependentResource.build(mcp).getData().get(ServerConfig.KEY));
    }

    @Test
    void theIngressHostFeedsHostsOriginsAudienceAndResourceSoTheyCannotDrift() throws Exception {
        McpServer jwt = server("""
                ingress: {host: mcp.example.com}
                tls: {issuerRef: {name: letsencrypt, kind: ClusterIssuer}}
                allowedHosts: [mcp.internal.example]
                cors: {allowedOrigins: ['https://app.example.com']}
                auth: {mode: jwt}
                """);
        JsonNode c = config(jwt);
        assertThat(c.at("/allowedHosts")).extracting(JsonNode::asText).containsExactly("mcp.internal.example",
                "mcp.example.com", "weather", "weather.team", "weather.team.svc", "weather.team.svc.cluster.local",
                "localhost", "127.0.0.1");
        assertThat(c.at("/cors/allowedOrigins")).extracting(JsonNode::asText)
                .containsExactly("https://app.example.com", "https://mcp.example.com");
        assertThat(c.at("/auth/jwt/audience").asText()).isEqualTo("https://mcp.example.com/mcp");
        assertThat(ServiceDependentResource.url(jwt)).isEqualTo("https://mcp.example.com/mcp");

        McpServer oidc = server("""
                ingress: {host: mcp.example.com}
                tls: {secretName: cert}
                auth: {mode: oidc, oidc: {issuerUrl: 'https://idp.example.com'}}
                """);
        assertThat(config(oidc).at("/auth/oidc/resource").asText()).isEqualTo("https://mcp.example.com/mcp");

        // What the user set wins.
        McpServer own = server("ingress: {host: mcp.example.com}\nauth: {mode: jwt, jwt: {audience: mine}}");
        assertThat(config(own).at("/auth/jwt/audience").asText()).isEqualTo("mine");
        // Without an Ingress nor allowedHosts, the server keeps its default (any Host in a pod).
        JsonNode plain = config(server("replicas: 1"));
        assertThat(plain.at("/allowedHosts")).isEmpty();
        assertThat(plain.at("/cors").isMissingNode()).isTrue();
        assertThat(plain.at("/auth/jwt").isMissingNode()).isTrue();
    }

    @Test
    void ingressIsSseFriendlyAndStickyOnlyForInMemorySessionsOnSeveralPods() throws Exception {
        var ingress = IngressDependentResource.build(server("""
                replicas: 3
                ingress: {host: mcp.example.com, className: nginx, annotations: {nginx.ingress.kubernetes.io/proxy-read-timeout: '600'}}
                tls: {issuerRef: {name: le}}
                """));
        Map<String, String> a = ingress.getMetadata().getAnnotations();
        assertThat(a).containsEntry("nginx.ingress.kubernetes.io/proxy-buffering", "off")
                .containsEntry("nginx.ingress.kubernetes.io/proxy-read-timeout", "600") // the user's wins
                .containsEntry("nginx.ingress.kubernetes.io/backend-protocol", "HTTPS")
                .containsEntry("nginx.ingress.kubernetes.io/affinity", "cookie");
        assertThat(ingress.getSpec().getTls().get(0).getSecretName()).isEqualTo("weather-tls");
        assertThat(ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getPath()).isEqualTo("/");

        var single = IngressDependentResource.build(server("ingress: {host: mcp.example.com}"));
        assertThat(single.getMetadata().getAnnotations()).containsEntry("nginx.ingress.kubernetes.io/proxy-read-timeout", "3600")
                .doesNotContainKey("nginx.ingress.kubernetes.io/affinity")
                .doesNotContainKey("nginx.ingress.kubernetes.io/backend-protocol");
        var redis = IngressDependentResource.build(server("""
                autoscaling: {maxReplicas: 5}
                ingress: {host: mcp.example.com}
                sessions: {store: redis, redis: {url: 'redis://redis:6379'}}
                """));
        assertThat(redis.getMetadata().getAnnotations()).doesNotContainKey("nginx.ingress.kubernetes.io/affinity");
        var traefik = IngressDependentResource.build(server("replicas: 2\ningress: {host: h.example.com, className: traefik}"));
        assertThat(traefik.getMetadata().getAnnotations()).isNullOrEmpty();
    }

    @Test
    void certificateNamesTheIngressHostAndTheServiceWhereWanted() throws Exception {
        var withIngress = CertificateDependentResource.build(server(
                "ingress: {host: mcp.example.com}\ntls: {issuerRef: {name: le, kind: ClusterIssuer}}"));
        assertThat(withIngress.getSpec().getSecretName()).isEqualTo("weather-tls");
        assertThat(withIngress.getSpec().getIssuerRef().getKind()).isEqualTo("ClusterIssuer");
        assertThat(withIngress.getSpec().getIssuerRef().getGroup()).isEqualTo("cert-manager.io");
        assertThat(withIngress.getSpec().getDnsNames()).containsExactly("mcp.example.com");
        var endToEnd = CertificateDependentResource.build(server(
                "ingress: {host: mcp.example.com}\ntls: {issuerRef: {name: internal-ca}, serviceNames: true}"));
        assertThat(endToEnd.getSpec().getDnsNames()).containsExactly("mcp.example.com", "weather", "weather.team",
                "weather.team.svc", "weather.team.svc.cluster.local");
        var internal = CertificateDependentResource.build(server("tls: {issuerRef: {name: internal-ca}}"));
        assertThat(internal.getSpec().getDnsNames()).hasSize(4).doesNotContain("mcp.example.com");
        assertThat(CertificateDependentResource.wanted(server("tls: {secretName: mine}"))).isFalse();
    }

    @Test
    void autoscalerScalesOnCpuMemoryAndInflightWithAStabilizedScaleDown() throws Exception {
        var hpa = HorizontalPodAutoscalerDependentResource.build(server("""
                autoscaling: {minReplicas: 2, maxReplicas: 8, targetMemoryUtilizationPercentage: 80, targetInflightRequests: 40, scaleDownStabilization: 10m}
                """));
        assertThat(hpa.getSpec().getMetrics()).extracting(m -> m.getType() + ":" + (m.getResource() != null
                ? m.getResource().getName() : m.getPods().getMetric().getName()))
                .containsExactly("Resource:cpu", "Resource:memory", "Pods:mcp_inflight_requests");
        assertThat(hpa.getSpec().getBehavior().getScaleDown().getStabilizationWindowSeconds()).isEqualTo(600);
        var pdb = PodDisruptionBudgetDependentResource.wanted(server("autoscaling: {minReplicas: 2, maxReplicas: 8}"));
        assertThat(pdb).isTrue();
        assertThat(PodDisruptionBudgetDependentResource.wanted(server("replicas: 5\nautoscaling: {minReplicas: 1, maxReplicas: 8}")))
                .as("a budget follows minReplicas, not replicas, while autoscaling").isFalse();
    }

    @Test
    void whileAutoscalingTheDeploymentKeepsWhateverCountItHas() throws Exception {
        McpServer mcp = server("replicas: 1\nautoscaling: {minReplicas: 2, maxReplicas: 6}");
        assertThat(DeploymentDependentResource.build(mcp, SETTINGS, null).getSpec().getReplicas()).isEqualTo(2);
        assertThat(DeploymentDependentResource.build(mcp, SETTINGS, 5).getSpec().getReplicas()).isEqualTo(5);
        // Turning autoscaling on for a fleet of 4 keeps 4, not the default 1.
        assertThat(DeploymentDependentResource.build(mcp, SETTINGS, 4).getSpec().getReplicas()).isEqualTo(4);
        assertThat(DeploymentDependentResource.build(mcp, SETTINGS, 9).getSpec().getReplicas()).isEqualTo(6);
        assertThat(DeploymentDependentResource.build(server("replicas: 3"), SETTINGS, 7).getSpec().getReplicas())
                .as("without autoscaling the spec decides").isEqualTo(3);
    }

    @Test
    void serviceMonitorScrapesTheNamedMetricsPort() throws Exception {
        McpServer mcp = server("observability: {serviceMonitor: {enabled: true, interval: 15s, labels: {release: prom}}}");
        assertThat(ServiceMonitorDependentResource.wanted(mcp)).isTrue();
        var sm = ServiceMonitorDependentResource.build(mcp);
        assertThat(sm.getMetadata().getLabels()).containsEntry("release", "prom")
                .containsEntry("app.kubernetes.io/managed-by", "mcp-fleet-operator");
        assertThat(sm.getSpec().getSelector().getMatchLabels()).isEqualTo(Labels.selector(mcp));
        assertThat(sm.getSpec().getEndpoints()).singleElement().satisfies(e -> {
            assertThat(e.getPort()).isEqualTo("metrics");
            assertThat(e.getPath()).isEqualTo("/metrics");
            assertThat(e.getInterval()).isEqualTo("15s");
        });
        // The Service exposes the port by that name.
        assertThat(ServiceDependentResource.build(mcp).getSpec().getPorts()).anyMatch(p -> p.getName().equals("metrics"));
        assertThat(ServiceMonitorDependentResource.wanted(server("replicas: 1"))).isFalse();
    }

    @Test
    void prometheusRuleHasTheOnCallAlertsEachWithARunbook() throws Exception {
        McpServer mcp = server("""
                tls: {issuerRef: {name: le}}
                sessions: {store: redis, redis: {url: 'redis://redis:6379'}}
                observability: {prometheusRule: {enabled: true}}
                """);
        var rule = PrometheusRuleDependentResource.build(mcp);
        List<Rule> rules = rule.getSpec().getGroups().get(0).getRules();
        assertThat(rules).extracting(Rule::getAlert).containsExactly("McpServerHighErrorRatio", "McpServerHighLatency",
                "McpServerPodsRestarting", "McpServerNoReadyPods", "McpServerRateLimitingSpike",
                "McpServerCertificateExpiring", "McpServerRedisDown");
        for (Rule r : rules) {
            assertThat(r.getAnnotations().get("runbook_url"))
                    .isEqualTo("https://github.com/mcp-fleet/mcp-fleet/blob/main/docs/runbooks.md#" + r.getAlert().toLowerCase());
            assertThat(r.getExpr().getStrVal()).contains("team");
            assertThat(r.getLabels()).containsKey("severity");
        }
        assertThat(rules.get(0).getExpr().getStrVal()).contains("mcp_requests_total", "outcome=~", "> 0.05");
        assertThat(rules.get(1).getExpr().getStrVal()).contains("histogram_quantile(0.95", "mcp_request_duration_seconds_bucket", "> 2");
        assertThat(rules.get(4).getExpr().getStrVal()).contains("mcp_rate_limited_total");
        assertThat(rules.get(5).getExpr().getStrVal()).contains("certmanager_certificate_expiration_timestamp_seconds", "30 * 24 * 3600");
        // Without cert-manager TLS or Redis, no alert on them.
        var plain = PrometheusRuleDependentResource.build(server("observability: {prometheusRule: {enabled: true}}"));
        assertThat(plain.getSpec().getGroups().get(0).getRules()).extracting(Rule::getAlert)
                .doesNotContain("McpServerCertificateExpiring", "McpServerRedisDown");
    }

    @Test
    void runbooksDocumentEveryAlert() throws Exception {
        String runbooks = java.nio.file.Files.readString(Repo.root().resolve("docs/runbooks.md"));
        McpServer mcp = server("""
                tls: {issuerRef: {name: le}}
                sessions: {store: redis, redis: {url: 'redis://redis:6379'}}
                observability: {prometheusRule: {enabled: true}}
                """);
        for (Rule r : PrometheusRuleDependentResource.build(mcp).getSpec().getGroups().get(0).getRules()) {
            assertThat(runbooks).as("docs/runbooks.md has a section for " + r.getAlert()).contains("## " + r.getAlert());
        }
    }

    @Test
    void networkPolicyAdmitsTheIngressControllerNamedNamespacesAndMonitoring() throws Exception {
        McpServer mcp = server("""
                networkPolicy: {enabled: true, allowFromNamespaces: [agents, team]}
                tools:
                  - {name: a, http: {url: 'https://api.example.com/v1?q={{q}}'}}
                  - {name: b, http: {url: 'http://inventory.shop.svc.cluster.local:8080/items'}}
                  - {name: c, http: {url: 'http://10.1.2.3:9000/x'}}
                  - {name: d, http: {url: 'http://local-svc/x'}}
                sessions: {store: redis, redis: {url: 'redis://redis.data.svc:6379/0'}}
                """);
        var np = NetworkPolicyDependentResource.build(mcp).getSpec();
        assertThat(np.getPodSelector().getMatchLabels()).isEqualTo(Labels.selector(mcp));
        assertThat(np.getPolicyTypes()).containsExactly("Ingress", "Egress");
        assertThat(np.getIngress().get(0).getFrom()).extracting(p -> p.getNamespaceSelector().getMatchLabels()
                .get("kubernetes.io/metadata.name")).containsExactly("ingress-nginx", "agents", "team");
        assertThat(np.getIngress().get(0).getPorts()).extracting(NetworkPolicyPort::getPort).containsExactly(new IntOrString("mcp"));
        assertThat(np.getIngress().get(1).getFrom().get(0).getNamespaceSelector().getMatchLabels())
                .containsEntry("kubernetes.io/metadata.name", "monitoring");
        assertThat(np.getIngress().get(1).getPorts()).extracting(NetworkPolicyPort::getPort).containsExactly(new IntOrString("metrics"));

        List<NetworkPolicyEgressRule> egress = np.getEgress();
        assertThat(egress.get(0).getTo()).isNullOrEmpty();
        assertThat(egress.get(0).getPorts()).extracting(p -> p.getProtocol() + "/" + p.getPort().getIntVal())
                .containsExactly("UDP/53", "TCP/53");
        assertThat(egress.get(1).getTo().get(0).getIpBlock().getCidr()).isEqualTo("10.1.2.3/32");
        assertThat(egress.get(1).getPorts().get(0).getPort().getIntVal()).isEqualTo(9000);
        assertThat(egress.get(2).getTo()).extracting(NetworkPolicyPeer::getNamespaceSelector)
                .extracting(s -> s.getMatchLabels().get("kubernetes.io/metadata.name")).containsExactly("shop", "team", "data");
        var external = egress.get(3);
        assertThat(external.getTo().get(0).getIpBlock().getCidr()).isEqualTo("0.0.0.0/0");
        assertThat(external.getTo().get(0).getIpBlock().getExcept()).contains("10.0.0.0/8", "192.168.0.0/16");
        assertThat(external.getPorts()).extracting(p -> p.getPort().getIntVal()).containsExactly(443);

        var cidrs = NetworkPolicyDependentResource.build(server("""
                networkPolicy: {enabled: true, egressCIDRs: [203.0.113.0/24]}
                tools: [{name: a, http: {url: 'https://api.example.com/'}}]
                """)).getSpec().getEgress();
        assertThat(cidrs.get(1).getTo()).extracting(p -> p.getIpBlock().getCidr()).containsExactly("203.0.113.0/24");
        assertThat(NetworkPolicyDependentResource.wanted(server("replicas: 1"))).isFalse();
    }

    @Test
    void upstreamIsRefusedUpFront() throws Exception {
        McpServer mcp = server("upstream: {http: {url: 'http://127.0.0.1:3000/mcp'}}");
        assertThat(SpecValidator.validate(mcp.getSpec()))
                .contains("spec.upstream: fronting an upstream MCP server is not available yet");
    }
}
