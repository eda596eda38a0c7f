package io.mcpfleet.operator.api.v1alpha1.spec;

import static io.mcpfleet.operator.api.v1alpha1.spec.Defaults.or;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Token-bucket limit per caller across the whole server. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RateLimit(
        @Required @Min(1)
        @JsonPropertyDescription("Sustained requests per minute per caller.")
        Integer requestsPerMinute,

        @Min(0)
        @JsonPropertyDescription("Extra requests allowed in a burst. Default: none beyond the sustained rate.")
        Integer burst,

        @Default("principal") @Pattern("^(principal|ip)$")
        @JsonPropertyDescription("Who counts as a caller: principal (the authenticated subject; client IP without auth) or ip.")
        String key) {

    public RateLimit {
        key = or(key, "principal");
    }
}
