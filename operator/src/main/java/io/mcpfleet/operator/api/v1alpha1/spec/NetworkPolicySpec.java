package io.mcpfleet.operator.api.v1alpha1.spec;

import static io.mcpfleet.operator.api.v1alpha1.spec.Defaults.or;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;

/**
 * A NetworkPolicy around the server pods: in, the MCP port from the ingress controller and named namespaces and the
 * metrics port from monitoring; out, DNS and the backends the spec declares.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NetworkPolicySpec(
        @Default("false")
        @JsonPropertyDescription("Create the NetworkPolicy <name> for the server pods (needs a CNI that enforces it).")
        Boolean enabled,

        @Default("ingress-nginx")
        @JsonPropertyDescription("Namespace of the Ingress controller, admitted to the MCP port.")
        String ingressControllerNamespace,

        @Size(max = 64)
        @JsonPropertyDescription("More namespaces admitted to the MCP port (in-cluster clients; list the McpServer's own namespace to admit its neighbours).")
        List<String> allowFromNamespaces,

        @Default("monitoring")
        @JsonPropertyDescription("Namespace of Prometheus, admitted to the metrics port.")
        String monitoringNamespace,

        @Size(max = 64)
        @JsonPropertyDescription("Egress CIDRs for backends outside the cluster (http tools, OIDC issuer, OTLP collector, Redis). A NetworkPolicy cannot match DNS names: without this list, external backends are reached through 0.0.0.0/0 minus the private ranges, on their ports only.")
        List<String> egressCIDRs) {

    public static final NetworkPolicySpec DEFAULT = new NetworkPolicySpec(null, null, null, null, null);

    public NetworkPolicySpec {
        enabled = or(enabled, false);
        ingressControllerNamespace = or(ingressControllerNamespace, "ingress-nginx");
        allowFromNamespaces = or(allowFromNamespaces, List.of());
        monitoringNamespace = or(monitoringNamespace, "monitoring");
        egressCIDRs = or(egressCIDRs, List.of());
    }
}
