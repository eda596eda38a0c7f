package io.mcpfleet.operator.api.v1alpha1;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.kubernetes.api.model.Condition;
import io.mcpfleet.operator.api.v1alpha1.status.ConditionSchema;
import io.fabric8.kubernetes.model.annotation.LabelSelector;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;
import io.mcpfleet.operator.api.v1alpha1.status.AuthStatus;

/** What the operator observed: replica counts, the URL and the Ready/Progressing/Degraded conditions. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class McpServerStatus {

    @JsonPropertyDescription("The metadata.generation this status describes; older than metadata.generation while a change is being reconciled.")
    private Long observedGeneration;

    @StatusReplicas
    @JsonPropertyDescription("Server pods that exist (from the Deployment status).")
    private Integer replicas;

    @JsonPropertyDescription("Server pods that pass their readiness probe (GET /ready).")
    private Integer readyReplicas;

    @LabelSelector
    @JsonPropertyDescription("Label selector of the server pods, for the scale subresource and autoscalers.")
    private String selector;

    @JsonPropertyDescription("Where clients reach the MCP endpoint: the Ingress URL when one is configured, else the in-cluster Service URL.")
    private String url;

    @SchemaFrom(type = ConditionSchema.class)
    @JsonPropertyDescription("Ready: the fleet serves at the desired size. Progressing: a rollout is under way. Degraded: something needs a human; the message says what.")
    private List<Condition> conditions = new ArrayList<>();

    @JsonPropertyDescription("JWT signing key state when auth.mode is jwt and the operator owns the keys.")
    private AuthStatus auth;

    public Long getObservedGeneration() { return observedGeneration; }
    public void setObservedGeneration(Long observedGeneration) { this.observedGeneration = observedGeneration; }
    public Integer getReplicas() { return replicas; }
    public void setReplicas(Integer replicas) { this.replicas = replicas; }
    public Integer getReadyReplicas() { return readyReplicas; }
    public void setReadyReplicas(Integer readyReplicas) { this.readyReplicas = readyReplicas; }
    public String getSelector() { return selector; }
    public void setSelector(String selector) { this.selector = selector; }
    public String getUrl() { return url; }
    public void setUrl(String url) { this.url = url; }
    public List<Condition> getConditions() { return conditions; }
    public void setConditions(List<Condition> conditions) { this.conditions = conditions == null ? new ArrayList<>() : conditions; }
    public AuthStatus getAuth() { return auth; }
    public void setAuth(AuthStatus auth) { this.auth = auth; }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof McpServerStatus s)) return false;
        return Objects.equals(observedGeneration, s.observedGeneration) && Objects.equals(replicas, s.replicas)
                && Objects.equals(readyReplicas, s.readyReplicas) && Objects.equals(selector, s.selector)
                && Objects.equals(url, s.url) && Objects.equals(conditions, s.conditions) && Objects.equals(auth, s.auth);
    }

    @Override
    public int hashCode() {
        return Objects.hash(observedGeneration, replicas, readyReplicas, selector, url, conditions, auth);
    }
}
