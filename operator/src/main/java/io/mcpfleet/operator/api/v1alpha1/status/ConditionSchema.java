package io.mcpfleet.operator.api.v1alpha1.status;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** CRD schema of a status condition, with the descriptions the core type lacks. */
public class ConditionSchema {

    @JsonPropertyDescription("Ready, Progressing or Degraded.")
    public String type;

    @JsonPropertyDescription("True, False or Unknown.")
    public String status;

    @JsonPropertyDescription("Machine-readable cause in CamelCase, e.g. AllReplicasReady, RollingOut, InvalidSpec, RolloutStalled.")
    public String reason;

    @JsonPropertyDescription("What happened and what to do about it.")
    public String message;

    @JsonPropertyDescription("When status last changed (RFC 3339).")
    public String lastTransitionTime;

    @JsonPropertyDescription("The metadata.generation the condition was computed from.")
    public Long observedGeneration;
}
