package io.mcpfleet.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.mcpfleet.operator.api.v1alpha1.McpServer;
import io.mcpfleet.operator.api.v1alpha1.McpServerSpec;
import io.mcpfleet.operator.api.v1alpha1.McpServerStatus;
import io.mcpfleet.operator.testing.Repo;

/** Conditions tell on-call what is going on and what to do; an unchanged world yields an equal status. */
class FleetStatusTest {

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    private static final Instant T1 = Instant.parse("2026-11-21T10:05:00Z");

    static McpServer server(String spec) throws Exception {
        return Repo.server("ns", "weather", new YAMLMapper().readValue(spec, McpServerSpec.class));
    }

    static Deployment deployment(int replicas, int ready, int updated, long generation, long observed) {
        return new DeploymentBuilder().withNewMetadata().withGeneration(generation).endMetadata()
                .withNewSpec().withReplicas(replicas).endSpec()
                .withNewStatus().withReplicas(Math.max(replicas, updated)).withReadyReplicas(ready)
                .withUpdatedReplicas(updated).withObservedGeneration(observed).endStatus().build();
    }

    static FleetStatus.Observation seen(Deployment d) {
        return new FleetStatus.Observation(d, null, List.of(), null);
    }

    static Condition cond(McpServerStatus s, String type) {
        return FleetStatus.find(s, type);
    }

    @Test
    void allPodsReadyIsReadyWithTheUrl() throws Exception {
        McpServerStatus s = FleetStatus.compute(server("replicas: 2"), seen(deployment(2, 2, 2, 1, 1)), T0);
        assertThat(cond(s, "Ready").getStatus()).isEqualTo("True");
        assertThat(cond(s, "Ready").getMessage()).contains("2/2 pods ready", "http://weather.ns.svc/mcp");
        assertThat(cond(s, "Progressing").getStatus()).isEqualTo("False");
        assertThat(cond(s, "Degraded").getStatus()).isEqualTo("False");
        assertThat(s.getReadyReplicas()).isEqualTo(2);
        assertThat(s.getObservedGeneration()).isEqualTo(1L);
        assertThat(s.getSelector()).isEqualTo("app.kubernetes.io/name=mcp-server,app.kubernetes.io/instance=weather");
        assertThat(s.getConditions()).extracting(Condition::getType).containsExactly("Ready", "Progressing", "Degraded", "Skipped");
    }

    @Test
    void missingDeploymentIsCreating() throws Exception {
        McpServerStatus s = FleetStatus.compute(server("{}"), seen(null), T0);
        assertThat(cond(s, "Ready").getReason()).isEqualTo("Creating");
        assertThat(cond(s, "Progressing").getStatus()).isEqualTo("True");
    }

    @Test
    void rollingOutIsProgressingAndSaysHowFar() throws Exception {
        McpServerStatus s = FleetStatus.compute(server("replicas: 3"), seen(deployment(3, 3, 1, 2, 2)), T0);
        assertThat(cond(s, "Ready").getStatus()).isEqualTo("False");
        assertThat(cond(s, "Progressing").getReason()).isEqualTo("RollingOut");
        assertThat(cond(s, "Progressing").getMessage()).contains("1/3 updated");
        // The Deployment controller has not seen the new template yet.
        McpServerStatus stale = FleetStatus.compute(server("replicas: 3"), seen(deployment(3, 3, 3, 3, 2)), T0);
        assertThat(cond(stale, "Progressing").getStatus()).isEqualTo("True");
    }

    @Test
    void podsNotReadyPointsAtTheCommandThatShowsWhy() throws Exception {
        McpServerStatus s = FleetStatus.compute(server("replicas: 2"), seen(deployment(2, 1, 2, 1, 1)), T0);
        assertThat(cond(s, "Ready").getReason()).isEqualTo("PodsNotReady");
        assertThat(cond(s, "Ready").getMessage()).contains("kubectl describe pods -n ns -l app.kubernetes.io/instance=weather");
    }

    @Test
    void stalledRolloutIsDegraded() throws Exception {
        Deployment d = new DeploymentBuilder(deployment(1, 0, 1, 1, 1)).editStatus().addNewCondition()
                .withType("Progressing").withStatus("False").withReason("ProgressDeadlineExceeded")
                .withMessage("ReplicaSet \"weather-abc\" has timed out progressing.").endCondition().endStatus().build();
        McpServerStatus s = FleetStatus.compute(server("{}"), seen(d), T0);
        assertThat(cond(s, "Degraded").getStatus()).isEqualTo("True");
        assertThat(cond(s, "Degraded").getReason()).isEqualTo("RolloutStalled");
        assertThat(cond(s, "Degraded").getMessage()).contains("timed out progressing", "Check image");
    }

    @Test
    void invalidSpecIsDegradedAndKeepsTheLastCounts() throws Exception {
        McpServer mcp = server("{}");
        McpServerStatus before = FleetStatus.compute(mcp, seen(deployment(1, 1, 1, 1, 1)), T0);
        mcp.setStatus(before);
        McpServerStatus s = FleetStatus.compute(mcp,
                new FleetStatus.Observation(null, null, List.of("tool names must be unique within an McpServer"), null), T1);
        assertThat(cond(s, "Degraded").getReason()).isEqualTo("InvalidSpec");
        assertThat(cond(s, "Degraded").getMessage()).contains("Fix the McpServer", "tool names must be unique");
        assertThat(cond(s, "Ready").getStatus()).isEqualTo("False");
        assertThat(s.getReadyReplicas()).isEqualTo(1);
    }

    @Test
    void reconcileErrorIsDegraded() throws Exception {
        McpServerStatus s = FleetStatus.compute(server("{}"),
                new FleetStatus.Observation(deployment(1, 1, 1, 1, 1), null, List.of(), "forbidden: quota"), T0);
        assertThat(cond(s, "Degraded").getReason()).isEqualTo("ReconcileError");
        assertThat(cond(s, "Degraded").getMessage()).contains("forbidden: quota", "will retry");
    }

    @Test
    void scaledToZeroSaysHowToScaleUp() throws Exception {
        McpServerStatus s = FleetStatus.compute(server("replicas: 0"), seen(deployment(0, 0, 0, 1, 1)), T0);
        assertThat(cond(s, "Ready").getReason()).isEqualTo("ScaledToZero");
        assertThat(cond(s, "Ready").getMessage()).contains("kubectl scale mcps/weather --replicas=1");
    }

    @Test
    void unchangedWorldGivesAnEqualStatusAndKeepsTransitionTimes() throws Exception {
        McpServer mcp = server("{}");
        McpServerStatus first = FleetStatus.compute(mcp, seen(deployment(1, 1, 1, 1, 1)), T0);
        mcp.setStatus(first);
        McpServerStatus again = FleetStatus.compute(mcp, seen(deployment(1, 1, 1, 1, 1)), T1);
        assertThat(again).isEqualTo(first);
        // A flip moves only the flipped condition's time.
        McpServerStatus notReady = FleetStatus.compute(mcp, seen(deployment(1, 0, 1, 1, 1)), T1);
        assertThat(cond(notReady, "Ready").getLastTransitionTime()).isEqualTo("2026-11-21T10:05:00Z");
        assertThat(cond(notReady, "Degraded").getLastTransitionTime()).isEqualTo("2026-11-21T10:00:00Z");
    }

    @Test
    void autoscaledFleetAimsAtTheHpaCount() throws Exception {
        McpServerStatus s = FleetStatus.compute(server("autoscaling: {minReplicas: 2, maxReplicas: 6}"),
                seen(deployment(4, 4, 4, 1, 1)), T0);
        assertThat(cond(s, "Ready").getMessage()).contains("4/4");
    }
}
