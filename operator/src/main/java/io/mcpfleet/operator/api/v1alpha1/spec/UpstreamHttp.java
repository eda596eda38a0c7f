package io.mcpfleet.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Upstream MCP endpoint, optionally run as a sidecar container in each pod. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UpstreamHttp(
        @Required @Pattern("^https?://.+")
        @JsonPropertyDescription("URL of the upstream MCP endpoint, e.g. http://127.0.0.1:3000/mcp for a sidecar.")
        String url,

        @JsonPropertyDescription("Run the upstream as a sidecar container in every server pod.")
        UpstreamContainer container,

        @Min(1) @Max(65535)
        @JsonPropertyDescription("Port the sidecar listens on (loopback only is enough).")
        Integer port) {
}
