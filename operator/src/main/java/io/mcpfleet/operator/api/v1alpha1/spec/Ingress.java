package io.mcpfleet.operator.api.v1alpha1.spec;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Required;

/** An Ingress in front of the Service. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Ingress(
        @Required
        @JsonPropertyDescription("Public host name, e.g. mcp.example.com; also accepted by the Host check.")
        String host,

        @JsonPropertyDescription("IngressClass name. Empty: the cluster default.")
        String className,

        @JsonPropertyDescription("Annotations for the Ingress controller.")
        Map<String, String> annotations) {
}
