package io.mcpfleet.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/** Calls per minute one caller may make to one tool. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ToolRateLimit(
        @Required @Min(1)
        @JsonPropertyDescription("Calls per minute per caller (principal, or client IP without auth).")
        Integer requestsPerMinute) {
}
