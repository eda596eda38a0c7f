package io.mcpfleet.operator.api.v1alpha1.spec;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.kubernetes.api.model.IntOrString;

/** CRD schema of a container's resources: the core type carries no descriptions for kubectl explain. */
public class ResourcesSchema {

    @JsonPropertyDescription("Minimum CPU and memory the scheduler reserves, e.g. cpu: 100m, memory: 256Mi.")
    public Map<String, IntOrString> requests;

    @JsonPropertyDescription("Maximum CPU and memory; a container over its memory limit is killed. The server sizes its heap to 75% of it.")
    public Map<String, IntOrString> limits;
}
