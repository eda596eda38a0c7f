package io.mcpfleet.operator.api.v1alpha1.spec;

import static io.mcpfleet.operator.api.v1alpha1.spec.Defaults.or;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;

/** A NetworkPolicy that admits only the MCP and metrics ports. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NetworkPolicySpec(
        @Default("false")
        @JsonPropertyDescription("Create a NetworkPolicy for the server pods (needs a CNI that enforces it).")
        Boolean enabled) {

    public static final NetworkPolicySpec DEFAULT = new NetworkPolicySpec(null);

    public NetworkPolicySpec {
        enabled = or(enabled, false);
    }
}
