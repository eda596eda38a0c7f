package io.mcpfleet.operator.api.v1alpha1.spec;

import static io.mcpfleet.operator.api.v1alpha1.spec.Defaults.or;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

/** Logs, Prometheus scraping and OpenTelemetry traces. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Observability(
        @JsonPropertyDescription("Create a Prometheus Operator ServiceMonitor for the metrics port.")
        ServiceMonitor serviceMonitor,

        @JsonPropertyDescription("Create a Prometheus Operator PrometheusRule with alerts on errors, latency, restarts, rate limiting and certificate expiry.")
        PrometheusRuleSpec prometheusRule,

        @Pattern("^https?://.+")
        @JsonPropertyDescription("OTLP endpoint for traces, e.g. http://otel-collector:4317. Empty: no tracing.")
        String otlpEndpoint,

        @Default("info") @Pattern("^(trace|debug|info|warn|error)$")
        @JsonPropertyDescription("Server log level.")
        String logLevel,

        @JsonPropertyDescription("OpenTelemetry service.name. Default: the McpServer's name.")
        String serviceName,

        @JsonPropertyDescription("Access log (logger mcp.access), one line per HTTP request. Server default: true.")
        Boolean accessLog,

        @JsonPropertyDescription("Audit log of tool calls (logger mcp.audit).")
        Audit audit) {

    public static final Observability DEFAULT = new Observability(null, null, null, null, null, null, null);

    public Observability {
        logLevel = or(logLevel, "info");
    }
}
