package io.mcpfleet.operator.api.v1alpha1.spec;

import static io.mcpfleet.operator.api.v1alpha1.spec.Defaults.or;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** Token-bucket limits: per caller across the whole server, and optionally one global bucket. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RateLimit(
        @Min(1)
        @JsonPropertyDescription("Sustained requests per minute per caller. Empty: no per-caller limit.")
        Integer requestsPerMinute,

        @Min(1)
        @JsonPropertyDescription("Requests allowed in a burst. Server default: requestsPerMinute.")
        Integer burst,

        @Default("principal") @Pattern("^(principal|ip)$")
        @JsonPropertyDescription("Who counts as a caller: principal (the authenticated subject; client IP without auth) or ip.")
        String key,

        @JsonPropertyDescription("One bucket for the whole server, on top of the per-caller one.")
        ToolRateLimit global,

        @JsonPropertyDescription("Key anonymous callers by the first X-Forwarded-For address; only behind a proxy that sets it. Server default: false.")
        Boolean trustForwardedFor,

        @Pattern("^(local|redis)$")
        @JsonPropertyDescription("local: counted per pod; redis: fleet-wide (with sessions.redis). Server default: local.")
        String store,

        @JsonPropertyDescription("With store redis: keep serving (fail open) when Redis is unreachable. Server default: true.")
        Boolean failOpen) {

    public RateLimit {
        key = or(key, "principal");
    }
}
