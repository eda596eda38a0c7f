package io.mcpfleet.operator.api.v1alpha1.spec;

import static io.mcpfleet.operator.api.v1alpha1.spec.Defaults.or;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** HorizontalPodAutoscaler bounds and targets. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.minReplicas) || self.minReplicas <= self.maxReplicas",
        message = "autoscaling.minReplicas must not exceed autoscaling.maxReplicas")
public record Autoscaling(
        @Default("1") @Min(1)
        @JsonPropertyDescription("Fewest pods.")
        Integer minReplicas,

        @Required @Min(1)
        @JsonPropertyDescription("Most pods.")
        Integer maxReplicas,

        @Default("70") @Min(1) @Max(100)
        @JsonPropertyDescription("Average CPU utilisation (percent of requests) to aim for.")
        Integer targetCPUUtilizationPercentage,

        @Min(1) @Max(1000)
        @JsonPropertyDescription("Average memory utilisation (percent of requests) to aim for. Empty: memory is not a target.")
        Integer targetMemoryUtilizationPercentage,

        @Min(1)
        @JsonPropertyDescription("Average in-flight MCP requests per pod to aim for (needs a custom metrics adapter for mcp_inflight_requests).")
        Integer targetInflightRequests,

        @Default("5m") @Pattern(Defaults.DURATION)
        @JsonPropertyDescription("Scale-down stabilization window: the autoscaler scales down only to the highest recommendation of this window, so a lull does not drop pods that hold streams.")
        String scaleDownStabilization) {

    public Autoscaling {
        minReplicas = or(minReplicas, 1);
        targetCPUUtilizationPercentage = or(targetCPUUtilizationPercentage, 70);
        scaleDownStabilization = or(scaleDownStabilization, "5m");
    }
}
