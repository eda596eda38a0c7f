package io.mcpfleet.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/** A token bucket: requests per minute and burst. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ToolRateLimit(
        @Required @Min(1)
        @JsonPropertyDescription("Sustained requests per minute (per caller for a tool; for the whole server in rateLimit.global).")
        Integer requestsPerMinute,

        @Min(1)
        @JsonPropertyDescription("Requests allowed in a burst. Server default: requestsPerMinute.")
        Integer burst) {
}
