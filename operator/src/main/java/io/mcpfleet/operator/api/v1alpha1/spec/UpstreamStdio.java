package io.mcpfleet.operator.api.v1alpha1.spec;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A stdio MCP server the gateway starts and speaks to over stdin/stdout. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UpstreamStdio(
        @Required @Size(min = 1)
        @JsonPropertyDescription("Command and arguments.")
        List<String> command,

        @JsonPropertyDescription("Extra environment variables for the process.")
        Map<String, String> env) {
}
