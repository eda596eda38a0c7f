package io.mcpfleet.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One audit record per tool call, on a separate log stream. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Audit(
        @JsonPropertyDescription("Write an audit record per tool call (requestId, principal, tool, outcome, duration). Server default: false.")
        Boolean enabled,

        @JsonPropertyDescription("Also record the call's arguments (may hold personal data). Server default: false.")
        Boolean includeArguments) {
}
