package io.mcpfleet.operator.reconciler;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.mcpfleet.operator.api.v1alpha1.McpServer;
import io.mcpfleet.operator.api.v1alpha1.McpServerStatus;
import io.mcpfleet.operator.api.v1alpha1.status.AuthStatus;
import io.mcpfleet.operator.dependent.Labels;
import io.mcpfleet.operator.dependent.ServiceDependentResource;

/**
 * Status as a pure function of what was observed. Always the same three condition types; lastTransitionTime moves
 * only when a condition's status flips, so an unchanged fleet yields an equal status and no write.
 */
public final class FleetStatus {

    public static final String READY = "Ready";
    public static final String PROGRESSING = "Progressing";
    public static final String DEGRADED = "Degraded";
    public static final String SKIPPED = "Skipped";

    private FleetStatus() {
    }

    /**
     * What one reconcile observed: the Deployment, the JWT key state, spec problems, a failed write, and the optional
     * children left out because their CRD is not installed (one human-readable line each).
     */
    public record Observation(Deployment deployment, AuthStatus auth, List<String> specErrors, String reconcileError,
            List<String> skipped) {
        public Observation(Deployment deployment, AuthStatus auth, List<String> specErrors, String reconcileError) {
            this(deployment, auth, specErrors, reconcileError, List.of());
        }
    }

    public static McpServerStatus compute(McpServer mcp, Observation seen, Instant now) {
        McpServerStatus previous = mcp.getStatus() != null ? mcp.getStatus() : new McpServerStatus();
        long generation = mcp.getMetadata().getGeneration() != null ? mcp.getMetadata().getGeneration() : 0L;
        String name = mcp.getMetadata().getName();
        String kubectlPods = "kubectl describe pods -n " + mcp.getMetadata().getNamespace() + " -l "
                + "app.kubernetes.io/instance=" + name;

        McpServerStatus status = new McpServerStatus();
        status.setSelector(Labels.selectorString(mcp));
        status.setUrl(ServiceDependentResource.url(mcp));

        List<Condition> conditions = new ArrayList<>();
        if (!seen.specErrors().isEmpty()) {
            // Keep the counts we last saw: the old pods still run and serve the previous spec.
            status.setObservedGeneration(generation);
            status.setReplicas(previous.getReplicas());
            status.setReadyReplicas(previous.getReadyReplicas());
            String problems = String.join("; ", seen.specErrors());
            conditions.add(condition(READY, false, "InvalidSpec",
                    "The spec is invalid, nothing was changed: " + problems));
            conditions.add(condition(PROGRESSING, false, "InvalidSpec", "Waiting for a valid spec."));
            conditions.add(condition(DEGRADED, true, "InvalidSpec",
                    "Fix the McpServer and apply it again: " + problems));
            conditions.add(skipped(FleetStatus.find(previous, SKIPPED), List.of()));
            status.setConditions(settle(conditions, previous.getConditions(), generation, now));
            status.setAuth(previous.getAuth());
            return status;
        }

        status.setObservedGeneration(generation);
        Deployment dep = seen.deployment();
        int desired = desiredReplicas(mcp, dep);
        int current = 0;
        int ready = 0;
        int updated = 0;
        boolean deploymentCurrent = false;
        DeploymentCondition stalled = null;
        DeploymentCondition replicaFailure = null;
        if (dep != null && dep.getStatus() != null) {
            var ds = dep.getStatus();
            current = nz(ds.getReplicas());
            ready = nz(ds.getReadyReplicas());
            updated = nz(ds.getUpdatedReplicas());
            deploymentCurrent = ds.getObservedGeneration() != null && dep.getMetadata().getGeneration() != null
                    && ds.getObservedGeneration() >= dep.getMetadata().getGeneration();
            if (ds.getConditions() != null) {
                for (DeploymentCondition c : ds.getConditions()) {
                    if ("Progressing".equals(c.getType()) && "False".equals(c.getStatus())
                            && "ProgressDeadlineExceeded".equals(c.getReason())) {
                        stalled = c;
                    }
                    if ("ReplicaFailure".equals(c.getType()) && "True".equals(c.getStatus())) {
                        replicaFailure = c;
                    }
                }
            }
        }
        status.setReplicas(current);
        status.setReadyReplicas(ready);

        boolean rolledOut = dep != null && deploymentCurrent && updated >= desired && current <= desired;
        boolean allReady = rolledOut && ready >= desired;

        if (dep == null) {
            conditions.add(condition(READY, false, "Creating", "Creating the Deployment " + name + "."));
            conditions.add(condition(PROGRESSING, true, "Creating", "Creating the server's resources."));
        } else if (desired == 0) {
            conditions.add(condition(READY, false, "ScaledToZero",
                    "No pods are wanted (replicas is 0); nothing serves. Scale up with: kubectl scale mcps/" + name
                            + " --replicas=1"));
            conditions.add(condition(PROGRESSING, false, "ScaledToZero", "Nothing to roll out."));
        } else if (allReady) {
            conditions.add(condition(READY, true, "AllReplicasReady",
                    ready + "/" + desired + " pods ready; serving at " + status.getUrl()));
            conditions.add(condition(PROGRESSING, false, "RolloutComplete", "The latest spec runs on every pod."));
        } else {
            String counts = ready + "/" + desired + " pods ready, " + updated + "/" + desired + " updated";
            String redis = redisForReadiness(mcp);
            String hint = redis == null ? ". If this lasts, see: " + kubectlPods
                    : ". The pods' readiness needs Redis (" + redis + "): while it does not answer, /ready is 503 and "
                            + "the probe failure names the reason (redis: unreachable, authentication failed, ...). "
                            + "Check Redis and the Secret " + secretOf(mcp) + ", then: " + kubectlPods;
            conditions.add(condition(READY, false, rolledOut ? "PodsNotReady" : "RollingOut", counts + hint));
            conditions.add(condition(PROGRESSING, true, "RollingOut", "Rolling out: " + counts + "."));
        }

        if (seen.reconcileError() != null) {
            conditions.add(condition(DEGRADED, true, "ReconcileError",
                    "The operator could not apply the desired state and will retry: " + seen.reconcileError()));
        } else if (stalled != null) {
            conditions.add(condition(DEGRADED, true, "RolloutStalled", "The rollout made no progress: "
                    + stalled.getMessage() + ". Check image, Secrets the pods mount, and quotas: " + kubectlPods));
        } else if (replicaFailure != null) {
            conditions.add(condition(DEGRADED, true, "ReplicaFailure", "Pods cannot be created: "
                    + replicaFailure.getMessage() + ". Check ResourceQuota, LimitRange and Pod Security admission."));
        } else {
            conditions.add(condition(DEGRADED, false, "AsExpected", "No problem detected."));
        }
        conditions.add(skipped(null, seen.skipped()));
        status.setConditions(settle(conditions, previous.getConditions(), generation, now));
        status.setAuth(seen.auth());
        return status;
    }

    private static Condition skipped(Condition previous, List<String> skipped) {
        if (previous != null) {
            return condition(SKIPPED, "True".equals(previous.getStatus()), previous.getReason(), previous.getMessage());
        }
        if (skipped.isEmpty()) {
            return condition(SKIPPED, false, "NothingSkipped", "Every child the spec asks for is reconciled.");
        }
        return condition(SKIPPED, true, "CRDNotInstalled", "Not created, their CRD is not installed (the rest is "
                + "reconciled; checked again every minute): " + String.join("; ", skipped));
    }

    /**
     * Where pods' readiness depends on Redis (server: sessions on Redis, or a rate limiter that fails closed), the
     * Redis host and port, else null. Never the whole URL: it may carry a password.
     */
    static String redisForReadiness(McpServer mcp) {
        var spec = mcp.getSpec();
        if (spec.sessions().redis() == null) {
            return null;
        }
        boolean sessions = "redis".equals(spec.sessions().store());
        boolean closedLimiter = spec.rateLimit() != null && "redis".equals(spec.rateLimit().store())
                && Boolean.FALSE.equals(spec.rateLimit().failOpen());
        if (!sessions && !closedLimiter) {
            return null;
        }
        try {
            java.net.URI uri = java.net.URI.create(spec.sessions().redis().url());
            return uri.getHost() + ":" + (uri.getPort() > 0 ? uri.getPort() : 6379);
        } catch (IllegalArgumentException e) {
            return "sessions.redis.url";
        }
    }

    private static String secretOf(McpServer mcp) {
        String secret = mcp.getSpec().sessions().redis().secretName();
        return secret != null ? secret + " (key password)" : "(none: no AUTH is sent)";
    }

    /** The pod count the fleet aims at: the Deployment's own while autoscaling (the HPA sets it), else the spec's. */
    static int desiredReplicas(McpServer mcp, Deployment dep) {
        if (mcp.getSpec().autoscaling() != null) {
            Integer hpa = dep != null && dep.getSpec() != null ? dep.getSpec().getReplicas() : null;
            return hpa != null ? hpa : mcp.getSpec().autoscaling().minReplicas();
        }
        return mcp.getSpec().replicas();
    }

    /** Copies lastTransitionTime from the previous condition of the same type when its status did not change. */
    static List<Condition> settle(List<Condition> next, List<Condition> previous, long generation, Instant now) {
        String stamp = now.truncatedTo(ChronoUnit.SECONDS).toString();
        List<Condition> out = new ArrayList<>();
        for (Condition c : next) {
            Condition old = previous == null ? null
                    : previous.stream().filter(p -> c.getType().equals(p.getType())).findFirst().orElse(null);
            c.setObservedGeneration(generation);
            c.setLastTransitionTime(old != null && Objects.equals(old.getStatus(), c.getStatus())
                    && old.getLastTransitionTime() != null ? old.getLastTransitionTime() : stamp);
            out.add(c);
        }
        return out;
    }

    public static Condition find(McpServerStatus status, String type) {
        if (status == null || status.getConditions() == null) {
            return null;
        }
        return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    }

    private static Condition condition(String type, boolean value, String reason, String message) {
        return new ConditionBuilder().withType(type).withStatus(value ? "True" : "False").withReason(reason)
                .withMessage(truncate(message)).build();
    }

    private static String truncate(String message) {
        return message.length() <= 1024 ? message : message.substring(0, 1021) + "...";
    }

    private static int nz(Integer n) {
        return n == null ? 0 : n;
    }
}
