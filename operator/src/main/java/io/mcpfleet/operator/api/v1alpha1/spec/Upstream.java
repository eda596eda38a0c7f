package io.mcpfleet.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.ValidationRule;

/** An existing MCP server the bundled server fronts: over HTTP (optionally a sidecar) or over stdio. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.http) != has(self.stdio)", message = "upstream needs exactly one of http or stdio")
public record Upstream(
        @JsonPropertyDescription("Upstream reached over Streamable HTTP.")
        UpstreamHttp http,

        @JsonPropertyDescription("Upstream started as a child process speaking MCP over stdin/stdout (the command must exist in the image).")
        UpstreamStdio stdio) {
}
