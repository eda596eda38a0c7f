package io.mcpfleet.operator.dependent;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRuleBuilder;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.fabric8.openshift.api.model.monitoring.v1.RuleBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.mcpfleet.operator.api.v1alpha1.McpServer;
import io.mcpfleet.operator.api.v1alpha1.McpServerSpec;

/**
 * Prometheus Operator PrometheusRule {@code <name>}: the alerts an on-call team needs for one fleet, each scoped to
 * its namespace and Service and linking its runbook (docs/runbooks.md).
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class PrometheusRuleDependentResource extends CRUDKubernetesDependentResource<PrometheusRule, McpServer> {

    /** Outcomes of mcp_requests_total that are the server's (or its backends') fault, not the caller's. */
    public static final String ERROR_OUTCOMES = "error|internal_error|timeout|circuit_open";

    public PrometheusRuleDependentResource() {
        super(PrometheusRule.class);
    }

    @Override
    protected ResourceID targetSecondaryResourceID(McpServer primary, Context<McpServer> context) {
        return new ResourceID(primary.getMetadata().getName(), primary.getMetadata().getNamespace());
    }

    @Override
    protected PrometheusRule desired(McpServer primary, Context<McpServer> context) {
        return build(primary);
    }

    public static boolean wanted(McpServer mcp) {
        var rule = mcp.getSpec().observability().prometheusRule();
        return rule != null && rule.enabled();
    }

    public static PrometheusRule build(McpServer mcp) {
        var spec = mcp.getSpec().observability().prometheusRule();
        var meta = Labels.meta(mcp, mcp.getMetadata().getName());
        ServiceMonitorDependentResource.addLabels(meta.getLabels(), spec.labels());
        return new PrometheusRuleBuilder()
                .withMetadata(meta)
                .withNewSpec()
                .addNewGroup().withName("mcp-fleet." + mcp.getMetadata().getNamespace() + "." + mcp.getMetadata().getName())
                .withRules(rules(mcp))
                .endGroup()
                .endSpec()
                .build();
    }

    static List<Rule> rules(McpServer mcp) {
        McpServerSpec spec = mcp.getSpec();
        String ns = mcp.getMetadata().getNamespace();
        String name = mcp.getMetadata().getName();
        // Series scraped through the ServiceMonitor carry the Service's namespace and name.
        String sel = "namespace=\"" + ns + "\",service=\"" + name + "\"";
        String fleet = ns + "/" + name;
        List<Rule> rules = new ArrayList<>();
        rules.add(alert(mcp, "McpServerHighErrorRatio", "critical", "10m",
                "sum(rate(mcp_requests_total{" + sel + ",outcome=~\"" + ERROR_OUTCOMES + "\"}[5m]))\n"
                        + "  / sum(rate(mcp_requests_total{" + sel + "}[5m])) > 0.05",
                "More than 5% of MCP requests to " + fleet + " fail",
                "{{ $value | humanizePercentage }} of requests ended in error, internal_error, timeout or circuit_open "
                        + "over the last 5 minutes."));
        rules.add(alert(mcp, "McpServerHighLatency", "warning", "10m",
                "histogram_quantile(0.95, sum by (le) (rate(mcp_request_duration_seconds_bucket{" + sel + "}[5m]))) > 2",
                "p95 latency of " + fleet + " is above 2 s",
                "95th percentile of MCP request duration is {{ $value | humanizeDuration }}."));
        rules.add(alert(mcp, "McpServerPodsRestarting", "warning", "0m",
                "increase(kube_pod_container_status_restarts_total{namespace=\"" + ns + "\",pod=~\"" + name
                        + "-[a-z0-9]+-[a-z0-9]+\",container=\"server\"}[15m]) > 2",
                "Pods of " + fleet + " are restarting",
                "Pod {{ $labels.pod }} restarted {{ $value | printf \"%.0f\" }} times in 15 minutes."));
        rules.add(alert(mcp, "McpServerNoReadyPods", "critical", "5m",
                "kube_deployment_status_replicas_available{namespace=\"" + ns + "\",deployment=\"" + name + "\"} == 0",
                "No pod of " + fleet + " is ready",
                "The Deployment has no available replica: the MCP endpoint does not answer."));
        rules.add(alert(mcp, "McpServerRateLimitingSpike", "warning", "10m",
                "sum(rate(mcp_rate_limited_total{" + sel + "}[5m]))\n"
                        + "  / (sum(rate(mcp_requests_total{" + sel + "}[5m])) + sum(rate(mcp_rate_limited_total{" + sel
                        + "}[5m]))) > 0.10",
                "More than 10% of requests to " + fleet + " are rate limited",
                "{{ $value | humanizePercentage }} of requests were refused with 429 over the last 5 minutes."));
        if (spec.tls() != null && spec.tls().issuerRef() != null) {
            // cert-manager's own metric; exported_namespace when its scrape does not honour labels.
            String cert = "certmanager_certificate_expiration_timestamp_seconds{name=\"" + name + "\",";
            rules.add(alert(mcp, "McpServerCertificateExpiring", "warning", "1h",
                    "(max(" + cert + "exported_namespace=\"" + ns + "\"}) or max(" + cert + "namespace=\"" + ns + "\"}))"
                            + " - time() < 30 * 24 * 3600",
                    "The TLS certificate of " + fleet + " expires within 30 days",
                    "cert-manager has not renewed Certificate " + name + "; it expires in {{ $value | humanizeDuration }}."));
        }
        boolean redis = "redis".equals(spec.sessions().store())
                || (spec.rateLimit() != null && "redis".equals(spec.rateLimit().store()));
        if (redis) {
            rules.add(alert(mcp, "McpServerRedisDown", "critical", "2m",
                    "min(mcp_redis_up{" + sel + "}) == 0",
                    "Pods of " + fleet + " cannot reach Redis",
                    "Sessions on Redis fail with 503 and pods turn unready while Redis does not answer."));
        }
        return rules;
    }

    private static Rule alert(McpServer mcp, String alert, String severity, String forDuration, String expr,
            String summary, String description) {
        Map<String, String> annotations = new TreeMap<>();
        annotations.put("summary", summary);
        annotations.put("description", description);
        annotations.put("runbook_url", mcp.getSpec().observability().prometheusRule().runbookBaseUrl() + "#"
                + alert.toLowerCase(Locale.ROOT));
        Map<String, String> labels = new TreeMap<>();
        labels.put("severity", severity);
        return new RuleBuilder().withAlert(alert).withExpr(new IntOrString(expr)).withFor(forDuration)
                .withLabels(labels).withAnnotations(annotations).build();
    }
}
