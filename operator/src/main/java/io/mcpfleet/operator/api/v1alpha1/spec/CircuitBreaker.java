package io.mcpfleet.operator.api.v1alpha1.spec;

import static io.mcpfleet.operator.api.v1alpha1.spec.Defaults.or;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** Opens after consecutive handler failures, fails fast, then probes again. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CircuitBreaker(
        @Default("5") @Min(1)
        @JsonPropertyDescription("Consecutive failures that open the circuit.")
        Integer failureThreshold,

        @Default("60s") @Pattern(Defaults.DURATION)
        @JsonPropertyDescription("How long the circuit stays open before a trial call.")
        String resetTimeout) {

    public static final CircuitBreaker DEFAULT = new CircuitBreaker(null, null);

    public CircuitBreaker {
        failureThreshold = or(failureThreshold, 5);
        resetTimeout = or(resetTimeout, "60s");
    }
}
