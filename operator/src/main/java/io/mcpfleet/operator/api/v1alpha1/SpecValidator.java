package io.mcpfleet.operator.api.v1alpha1;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.mcpfleet.operator.api.v1alpha1.spec.Durations;
import io.mcpfleet.operator.api.v1alpha1.spec.Tool;

/**
 * The CRD's CEL rules again, in Java, plus what CEL cannot check. The API server rejects most bad manifests, but an
 * McpServer can still arrive invalid (a CRD installed without validation, an older CRD, the mock server in tests,
 * the offline render); the operator then reports Degraded instead of building broken pods. Messages match the CEL ones.
 */
public final class SpecValidator {

    public static final String UPSTREAM_NOT_AVAILABLE =
            "spec.upstream: fronting an upstream MCP server is not available yet";

    private SpecValidator() {
    }

    /** Human-readable problems, each naming the field; empty when the spec is valid. */
    public static List<String> validate(McpServerSpec spec) {
        List<String> errors = new ArrayList<>();
        if (spec == null) {
            errors.add("spec is missing");
            return errors;
        }
        if (spec.replicas() < 0) {
            errors.add("spec.replicas must be 0 or more");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < spec.tools().size(); i++) {
            Tool tool = spec.tools().get(i);
            String at = "spec.tools[" + i + "]";
            if (tool.name() == null || !tool.name().matches("^[A-Za-z0-9_.-]{1,128}$")) {
                errors.add(at + ".name must be 1-128 letters, digits, '_', '-' or '.'");
            } else {
                at = "spec.tools[" + i + "] (" + tool.name() + ")";
                if (!names.add(tool.name())) {
                    errors.add("tool names must be unique within an McpServer: '" + tool.name() + "' appears twice");
                }
            }
            int handlers = (tool.staticHandler() != null ? 1 : 0) + (tool.http() != null ? 1 : 0);
            if (handlers != 1) {
                errors.add(at + ": a tool needs exactly one handler: set either static or http");
            }
            if (tool.staticHandler() != null && (tool.staticHandler().text() == null) == (tool.staticHandler().json() == null)) {
                errors.add(at + ": static needs exactly one of text or json");
            }
            if (tool.http() != null) {
                if (tool.http().url() == null || !tool.http().url().matches("^https?://.+")) {
                    errors.add(at + ".http.url must be an http:// or https:// URL");
                }
                if (!tool.http().method().matches("^(GET|POST|PUT|PATCH|DELETE)$")) {
                    errors.add(at + ".http.method must be GET, POST, PUT, PATCH or DELETE");
                }
            }
            if (tool.inputSchema() != null && !tool.inputSchema().isObject()) {
                errors.add(at + ".inputSchema must be a JSON Schema object");
            }
            if (tool.outputSchema() != null && !tool.outputSchema().isObject()) {
                errors.add(at + ".outputSchema must be a JSON Schema object");
            }
            duration(errors, at + ".timeout", tool.timeout());
        }
        var auth = spec.auth();
        if (!auth.mode().matches("^(none|jwt|oidc|apiKey)$")) {
            errors.add("spec.auth.mode must be none, jwt, oidc or apiKey");
        }
        if ("oidc".equals(auth.mode()) && (auth.oidc() == null || auth.oidc().issuerUrl() == null)) {
            errors.add("auth.mode oidc needs auth.oidc with issuerUrl");
        }
        if ("apiKey".equals(auth.mode()) && (auth.apiKey() == null || auth.apiKey().secretName() == null)) {
            errors.add("auth.mode apiKey needs auth.apiKey.secretName");
        }
        if (auth.jwt() != null) {
            if (!auth.jwt().algorithm().matches("^(HS256|RS256|ES256)$")) {
                errors.add("spec.auth.jwt.algorithm must be HS256, RS256 or ES256");
            }
            duration(errors, "spec.auth.jwt.rotation.gracePeriod", auth.jwt().rotation().gracePeriod());
            duration(errors, "spec.auth.jwt.rotation.propagationDelay", auth.jwt().rotation().propagationDelay());
        }
        if (spec.tls() != null && (spec.tls().issuerRef() == null) == (spec.tls().secretName() == null)) {
            errors.add("tls needs exactly one of issuerRef (cert-manager) or secretName");
        }
        if (spec.ingress() != null && spec.ingress().path() != null && !spec.ingress().path().matches("^/(mcp)?$")) {
            errors.add("spec.ingress.path must be / or /mcp: the server serves MCP at /mcp and does not rewrite paths");
        }
        if (spec.tls() != null && spec.tls().issuerRef() != null && Boolean.FALSE.equals(spec.tls().serviceNames())
                && spec.ingress() == null) {
            errors.add("spec.tls.serviceNames false needs spec.ingress: the certificate would name no host");
        }
        if (spec.autoscaling() != null) {
            if (spec.autoscaling().maxReplicas() == null) {
                errors.add("spec.autoscaling.maxReplicas is required");
            } else if (spec.autoscaling().minReplicas() > spec.autoscaling().maxReplicas()) {
                errors.add("autoscaling.minReplicas must not exceed autoscaling.maxReplicas");
            }
        }
        if (spec.upstream() != null && (spec.upstream().http() == null) == (spec.upstream().stdio() == null)) {
            errors.add("upstream needs exactly one of http or stdio");
        }
        if (spec.upstream() != null) {
            // The server refuses it at start (the gateway mode is not built yet); refusing it here keeps the running
            // pods instead of rolling out pods that crash-loop.
            errors.add(UPSTREAM_NOT_AVAILABLE);
        }
        if ("redis".equals(spec.sessions().store()) && spec.sessions().redis() == null) {
            errors.add("sessions.store redis needs sessions.redis.url");
        }
        if (spec.rateLimit() != null && "redis".equals(spec.rateLimit().store()) && spec.sessions().redis() == null) {
            errors.add("rateLimit.store redis needs sessions.redis.url");
        }
        if (spec.podDisruptionBudget().minAvailable() != null && spec.podDisruptionBudget().maxUnavailable() != null) {
            errors.add("podDisruptionBudget takes minAvailable or maxUnavailable, not both");
        }
        var res = spec.resilience();
        duration(errors, "spec.resilience.requestTimeout", res.requestTimeout());
        duration(errors, "spec.resilience.drainTimeout", res.drainTimeout());
        duration(errors, "spec.resilience.circuitBreaker.resetTimeout", res.circuitBreaker().resetTimeout());
        duration(errors, "spec.sessions.ttl", spec.sessions().ttl());
        if (spec.sessions().redis() != null) {
            duration(errors, "spec.sessions.redis.timeout", spec.sessions().redis().timeout());
        }
        if (spec.autoscaling() != null) {
            duration(errors, "spec.autoscaling.scaleDownStabilization", spec.autoscaling().scaleDownStabilization());
        }
        if (spec.observability().serviceMonitor() != null) {
            duration(errors, "spec.observability.serviceMonitor.interval", spec.observability().serviceMonitor().interval());
        }
        return errors;
    }

    private static void duration(List<String> errors, String field, String value) {
        if (value != null && !Durations.isValid(value)) {
            errors.add(field + " '" + value + "' is not a duration (use e.g. 500ms, 30s, 5m, 1h)");
        }
    }
}
