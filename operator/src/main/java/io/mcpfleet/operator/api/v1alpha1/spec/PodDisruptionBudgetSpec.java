package io.mcpfleet.operator.api.v1alpha1.spec;

import static io.mcpfleet.operator.api.v1alpha1.spec.Defaults.or;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.IntOrString;

/** Voluntary disruption budget; only created while at least two pods run, so a single pod never blocks a drain. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!(has(self.minAvailable) && has(self.maxUnavailable))",
        message = "podDisruptionBudget takes minAvailable or maxUnavailable, not both")
public record PodDisruptionBudgetSpec(
        @Default("true")
        @JsonPropertyDescription("Create a PodDisruptionBudget when at least two pods run.")
        Boolean enabled,

        @JsonPropertyDescription("Pods (or percentage) that must stay up during voluntary disruptions.")
        IntOrString minAvailable,

        @JsonPropertyDescription("Pods (or percentage) that may be down during voluntary disruptions. Default when neither is set: 1.")
        IntOrString maxUnavailable) {

    public static final PodDisruptionBudgetSpec DEFAULT = new PodDisruptionBudgetSpec(null, null, null);

    public PodDisruptionBudgetSpec {
        enabled = or(enabled, true);
    }
}
