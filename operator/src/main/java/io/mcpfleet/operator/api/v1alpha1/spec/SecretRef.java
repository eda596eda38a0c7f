package io.mcpfleet.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A Secret in the McpServer's namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SecretRef(
        @Required @Size(min = 1, max = 253)
        @JsonPropertyDescription("Name of a Secret in the McpServer's namespace.")
        String secretName) {
}
