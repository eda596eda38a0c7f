package io.mcpfleet.operator.api.v1alpha1.spec;

import static io.mcpfleet.operator.api.v1alpha1.spec.Defaults.or;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** Publish-before-sign rotation of the operator-owned signing key. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Rotation(
        @Default("1") @Min(1)
        @JsonPropertyDescription("Bump to rotate the signing key.")
        Long generation,

        @Default("1h") @Pattern(Defaults.DURATION)
        @JsonPropertyDescription("How long the old key stays in the verify set after the new one starts signing.")
        String gracePeriod,

        @Default("2m") @Pattern(Defaults.DURATION)
        @JsonPropertyDescription("How long a new key is published for verification before it signs (kubelet refreshes mounted Secrets after about a minute).")
        String propagationDelay) {

    public static final Rotation DEFAULT = new Rotation(null, null, null);

    public Rotation {
        generation = or(generation, 1L);
        gracePeriod = or(gracePeriod, "1h");
        propagationDelay = or(propagationDelay, "2m");
    }
}
