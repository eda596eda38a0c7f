package io.mcpfleet.operator.api.v1alpha1.spec;

import static io.mcpfleet.operator.api.v1alpha1.spec.Defaults.or;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** One declarative tool: its MCP description and exactly one handler (static or http). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "(has(self.static) ? 1 : 0) + (has(self.http) ? 1 : 0) == 1",
        message = "a tool needs exactly one handler: set either static or http")
public record Tool(
        @Required @Size(min = 1, max = 128) @Pattern("^[A-Za-z0-9_.-]{1,128}$")
        @JsonPropertyDescription("Tool name clients call; unique in this McpServer; letters, digits, '_', '-', '.'; at most 128 characters.")
        String name,

        @Size(max = 256)
        @JsonPropertyDescription("Human-readable display name.")
        String title,

        @Size(max = 4096)
        @JsonPropertyDescription("What the tool does, for the model that chooses tools.")
        String description,

        @PreserveUnknownFields
        @JsonPropertyDescription("JSON Schema (2020-12) of the arguments; arguments are validated before the handler runs. Default: {type: object}.")
        JsonNode inputSchema,

        @PreserveUnknownFields
        @JsonPropertyDescription("Optional JSON Schema of structuredContent; results that do not conform are errors.")
        JsonNode outputSchema,

        @PreserveUnknownFields
        @JsonPropertyDescription("MCP tool annotations (readOnlyHint, destructiveHint, idempotentHint, openWorldHint), passed through as given.")
        JsonNode annotations,

        @Pattern(Defaults.DURATION)
        @JsonPropertyDescription("Per-call timeout, e.g. 5s. Default: resilience.requestTimeout.")
        String timeout,

        @Size(max = 32)
        @JsonPropertyDescription("Roles (token claim 'roles') allowed to list and call this tool when auth is on. Empty: every authenticated caller.")
        List<String> roles,

        @JsonPropertyDescription("Rate limit for this tool per caller, on top of the server-wide one.")
        ToolRateLimit rateLimit,

        @JsonProperty("static")
        @JsonPropertyDescription("Handler that returns fixed content rendered from the arguments.")
        StaticHandler staticHandler,

        @JsonPropertyDescription("Handler that calls an HTTP API and returns its response.")
        HttpHandler http) {

    public Tool {
        roles = or(roles, List.of());
    }
}
