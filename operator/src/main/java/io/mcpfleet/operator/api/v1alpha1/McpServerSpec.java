package io.mcpfleet.operator.api.v1alpha1;

import static io.mcpfleet.operator.api.v1alpha1.spec.Defaults.or;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;
import io.mcpfleet.operator.api.v1alpha1.spec.Auth;
import io.mcpfleet.operator.api.v1alpha1.spec.Autoscaling;
import io.mcpfleet.operator.api.v1alpha1.spec.Cors;
import io.mcpfleet.operator.api.v1alpha1.spec.Ingress;
import io.mcpfleet.operator.api.v1alpha1.spec.NetworkPolicySpec;
import io.mcpfleet.operator.api.v1alpha1.spec.Observability;
import io.mcpfleet.operator.api.v1alpha1.spec.PodDisruptionBudgetSpec;
import io.mcpfleet.operator.api.v1alpha1.spec.RateLimit;
import io.mcpfleet.operator.api.v1alpha1.spec.ResourcesSchema;
import io.mcpfleet.operator.api.v1alpha1.spec.Resilience;
import io.mcpfleet.operator.api.v1alpha1.spec.Sessions;
import io.mcpfleet.operator.api.v1alpha1.spec.Tls;
import io.mcpfleet.operator.api.v1alpha1.spec.Tool;
import io.mcpfleet.operator.api.v1alpha1.spec.Upstream;

/**
 * The McpServer spec. Absent optional blocks stay null (the feature is off); blocks with settings the server always
 * needs are filled with the same defaults the CRD declares, so code never meets a null there.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.tools) || self.tools.all(t, self.tools.exists_one(u, u.name == t.name))",
        message = "tool names must be unique within an McpServer")
public record McpServerSpec(
        @JsonPropertyDescription("Server container image. Empty: the mcp-fleet server image of the operator's own version.")
        String image,

        @SpecReplicas
        @Default("1") @Min(0)
        @JsonPropertyDescription("Number of server pods. Ignored while autoscaling is set: the HorizontalPodAutoscaler owns the count then.")
        Integer replicas,

        @Size(max = 256)
        @JsonPropertyDescription("Declarative tools the server exposes through tools/list and tools/call.")
        List<Tool> tools,

        @Default("50") @Min(1) @Max(1000)
        @JsonPropertyDescription("Tools per tools/list page; clients page through with opaque cursors.")
        Integer listPageSize,

        @JsonPropertyDescription("Front an existing MCP server as a hardened gateway instead of (or besides) declarative tools.")
        Upstream upstream,

        @JsonPropertyDescription("Who may call the server: none, operator-managed JWT, an external OIDC issuer, or API keys.")
        Auth auth,

        @JsonPropertyDescription("Serve HTTPS: a certificate from cert-manager (issuerRef) or a given kubernetes.io/tls Secret (secretName).")
        Tls tls,

        @JsonPropertyDescription("Expose the server outside the cluster through an Ingress.")
        Ingress ingress,

        @JsonPropertyDescription("Scale on CPU or in-flight requests with a HorizontalPodAutoscaler. Present means on; replicas is then ignored.")
        Autoscaling autoscaling,

        @JsonPropertyDescription("Per-client request rate limit across all tools.")
        RateLimit rateLimit,

        @JsonPropertyDescription("Cross-origin (browser) access to the MCP endpoint.")
        Cors cors,

        @Size(max = 64)
        @JsonPropertyDescription("Host names the server answers to (DNS rebinding protection); '*.example.com' wildcards. Empty: any host when the server listens on all interfaces, as in pods (loopback names only when it listens on loopback).")
        List<String> allowedHosts,

        @JsonPropertyDescription("Concurrency, queueing, timeouts, body size, drain and circuit breaking.")
        Resilience resilience,

        @JsonPropertyDescription("Where handshake-era sessions (Mcp-Session-Id) live.")
        Sessions sessions,

        @JsonPropertyDescription("Logs, metrics scraping and tracing.")
        Observability observability,

        @SchemaFrom(type = ResourcesSchema.class)
        @JsonPropertyDescription("CPU and memory of the server container. Empty: requests 100m CPU / 256Mi memory, limit 512Mi memory.")
        ResourceRequirements resources,

        @JsonPropertyDescription("Voluntary disruption budget. Default: maxUnavailable 1 whenever at least two pods run.")
        PodDisruptionBudgetSpec podDisruptionBudget,

        @JsonPropertyDescription("Restrict traffic to the server pods with a NetworkPolicy.")
        NetworkPolicySpec networkPolicy) {

    public McpServerSpec {
        replicas = or(replicas, 1);
        tools = or(tools, List.of());
        listPageSize = or(listPageSize, 50);
        auth = or(auth, Auth.DEFAULT);
        allowedHosts = or(allowedHosts, List.of());
        resilience = or(resilience, Resilience.DEFAULT);
        sessions = or(sessions, Sessions.DEFAULT);
        observability = or(observability, Observability.DEFAULT);
        podDisruptionBudget = or(podDisruptionBudget, PodDisruptionBudgetSpec.DEFAULT);
        networkPolicy = or(networkPolicy, NetworkPolicySpec.DEFAULT);
    }

    /** A spec with every default and no tools. */
    public static McpServerSpec empty() {
        return new McpServerSpec(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null);
    }

    /** The fewest pods the fleet runs: the autoscaler's floor when autoscaling, else replicas. */
    public int minimumReplicas() {
        return autoscaling != null ? autoscaling.minReplicas() : replicas;
    }
}
