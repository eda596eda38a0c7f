package io.mcpfleet.operator.api.v1alpha1.spec;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** The sidecar that runs an upstream MCP server next to the gateway. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UpstreamContainer(
        @Required
        @JsonPropertyDescription("Container image of the upstream MCP server.")
        String image,

        @JsonPropertyDescription("Entrypoint override.")
        List<String> command,

        @JsonPropertyDescription("Arguments.")
        List<String> args,

        @JsonPropertyDescription("Environment variables.")
        Map<String, String> env,

        @SchemaFrom(type = ResourcesSchema.class)
        @JsonPropertyDescription("CPU and memory of the sidecar.")
        ResourceRequirements resources) {
}
