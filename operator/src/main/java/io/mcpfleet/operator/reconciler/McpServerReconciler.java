package io.mcpfleet.operator.reconciler;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.quarkiverse.operatorsdk.annotations.CSVMetadata;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.mcpfleet.operator.api.v1alpha1.McpServer;
import io.mcpfleet.operator.api.v1alpha1.McpServerStatus;
import io.mcpfleet.operator.api.v1alpha1.SpecValidator;
import io.mcpfleet.operator.dependent.ConfigMapDependentResource;
import io.mcpfleet.operator.dependent.Conditions;
import io.mcpfleet.operator.dependent.DeploymentDependentResource;
import io.mcpfleet.operator.dependent.HorizontalPodAutoscalerDependentResource;
import io.mcpfleet.operator.dependent.IngressDependentResource;
import io.mcpfleet.operator.dependent.JsonWebKeys;
import io.mcpfleet.operator.dependent.PodDisruptionBudgetDependentResource;
import io.mcpfleet.operator.dependent.ServerConfig;
import io.mcpfleet.operator.dependent.ServiceAccountDependentResource;
import io.mcpfleet.operator.dependent.ServiceDependentResource;
import io.mcpfleet.operator.dependent.SigningSecretDependentResource;
import io.mcpfleet.operator.dependent.VerifySecretDependentResource;

/**
 * Turns an McpServer into its children and reports how the fleet is doing. The workflow runs only for a valid spec
 * (explicit invocation): an invalid one leaves the running fleet alone and says why in a Degraded condition.
 */
@ControllerConfiguration(name = McpServerReconciler.NAME)
@CSVMetadata(bundleName = "mcp-fleet-operator", displayName = "mcp-fleet",
        description = "Runs fleets of hardened MCP (Model Context Protocol) servers from one McpServer manifest: "
                + "declarative tools, JWT/OIDC auth, rate limits, probes, disruption budgets.",
        keywords = { "mcp", "model context protocol", "ai", "agents" }, maturity = "alpha",
        provider = @CSVMetadata.Provider(name = "mcp-fleet"), minKubeVersion = "1.25.0",
        installModes = { @CSVMetadata.InstallMode(type = "AllNamespaces"),
                @CSVMetadata.InstallMode(type = "OwnNamespace"),
                @CSVMetadata.InstallMode(type = "SingleNamespace"),
                @CSVMetadata.InstallMode(type = "MultiNamespace") },
        // Beyond the children QOSDK derives from the workflow: Events on McpServers and the leader-election Lease.
        permissionRules = {
                @CSVMetadata.PermissionRule(apiGroups = "", resources = "events", verbs = { "create", "patch" }),
                @CSVMetadata.PermissionRule(apiGroups = "coordination.k8s.io", resources = "leases",
                        verbs = { "get", "list", "watch", "create", "update", "patch" }) })
@Workflow(explicitInvocation = true, dependents = {
        @Dependent(name = "config", type = ConfigMapDependentResource.class),
        @Dependent(name = "service-account", type = ServiceAccountDependentResource.class),
        @Dependent(name = SigningSecretDependentResource.NAME, type = SigningSecretDependentResource.class,
                reconcilePrecondition = Conditions.OperatorOwnsKeys.class,
                readyPostcondition = Conditions.SecretExists.class),
        @Dependent(name = VerifySecretDependentResource.NAME, type = VerifySecretDependentResource.class,
                dependsOn = SigningSecretDependentResource.NAME,
                reconcilePrecondition = Conditions.OperatorOwnsKeys.class),
        @Dependent(name = "deployment", type = DeploymentDependentResource.class,
                dependsOn = { "config", "service-account" }),
        @Dependent(name = "service", type = ServiceDependentResource.class),
        @Dependent(name = "pod-disruption-budget", type = PodDisruptionBudgetDependentResource.class,
                reconcilePrecondition = Conditions.BudgetWanted.class),
        @Dependent(name = "ingress", type = IngressDependentResource.class, dependsOn = "service",
                reconcilePrecondition = Conditions.IngressWanted.class),
        @Dependent(name = "autoscaler", type = HorizontalPodAutoscalerDependentResource.class, dependsOn = "deployment",
                reconcilePrecondition = Conditions.AutoscalingWanted.class),
})
public class McpServerReconciler implements Reconciler<McpServer> {

    public static final String NAME = "mcpserver";
    private static final Logger LOG = Logger.getLogger(McpServerReconciler.class);

    @Inject
    EventRecorder events;

    public McpServerReconciler() {
    }

    /** For running on plain JOSDK (the real-API-server tests), where CDI does not inject. */
    public McpServerReconciler(EventRecorder events) {
        this.events = events;
    }

    /** Finished reconciles, so tests and the benchmark can tell when the operator went quiet. */
    private final AtomicLong reconciles = new AtomicLong();

    @Override
    public UpdateControl<McpServer> reconcile(McpServer mcp, Context<McpServer> context) {
        try {
            return doReconcile(mcp, context);
        } finally {
            reconciles.incrementAndGet();
        }
    }

    private UpdateControl<McpServer> doReconcile(McpServer mcp, Context<McpServer> context) {
        List<String> errors = SpecValidator.validate(mcp.getSpec());
        if (errors.isEmpty()) {
            context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow()
                    .throwAggregateExceptionIfErrorsPresent();
        }
        Deployment deployment = context.getSecondaryResource(Deployment.class).orElse(null);
        String kid = mcp.getSpec().auth().operatorOwnsKeys()
                ? context.getSecondaryResource(Secret.class, SigningSecretDependentResource.NAME)
                        .map(s -> JsonWebKeys.firstKeyId(VerifySecretDependentResource.signingKeys(s))).orElse(null)
                : null;
        McpServerStatus next = FleetStatus.compute(mcp,
                new FleetStatus.Observation(deployment, kid, errors, null), Instant.now());
        return finish(mcp, next, context);
    }

    @Override
    public ErrorStatusUpdateControl<McpServer> updateErrorStatus(McpServer mcp, Context<McpServer> context, Exception e) {
        reconciles.incrementAndGet();
        String message = Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName());
        LOG.warnf("reconcile of %s/%s failed: %s", mcp.getMetadata().getNamespace(), mcp.getMetadata().getName(), message);
        Deployment deployment = context.getSecondaryResource(Deployment.class).orElse(null);
        McpServerStatus next = FleetStatus.compute(mcp,
                new FleetStatus.Observation(deployment, null, List.of(), message), Instant.now());
        next.setAuth(mcp.getStatus() != null ? mcp.getStatus().getAuth() : null);
        if (next.equals(mcp.getStatus())) {
            return ErrorStatusUpdateControl.noStatusUpdate();
        }
        recordTransitions(mcp, next, context);
        mcp.setStatus(next);
        return ErrorStatusUpdateControl.patchStatus(mcp);
    }

    private UpdateControl<McpServer> finish(McpServer mcp, McpServerStatus next, Context<McpServer> context) {
        if (next.equals(mcp.getStatus())) {
            return UpdateControl.noUpdate();
        }
        recordTransitions(mcp, next, context);
        mcp.setStatus(next);
        return UpdateControl.patchStatus(mcp);
    }

    /** One Event per change worth a human's attention: a new generation applied, a condition that flipped. */
    private void recordTransitions(McpServer mcp, McpServerStatus next, Context<McpServer> context) {
        McpServerStatus prev = mcp.getStatus();
        var client = context.getClient();
        Long prevGen = prev != null ? prev.getObservedGeneration() : null;
        Condition degraded = FleetStatus.find(next, FleetStatus.DEGRADED);
        boolean invalid = degraded != null && "InvalidSpec".equals(degraded.getReason());
        if (!invalid && !Objects.equals(prevGen, next.getObservedGeneration())) {
            events.normal(client, mcp, prevGen == null ? "Created" : "SpecApplied",
                    "Applied generation " + next.getObservedGeneration() + " (config "
                            + ServerConfig.hash(ServerConfig.render(mcp)) + ")");
        }
        if (prev == null || prev.getAuth() == null) {
            if (next.getAuth() != null && next.getAuth().activeKeyId() != null) {
                events.normal(client, mcp, "SigningKeyCreated", "Generated JWT signing key " + next.getAuth().activeKeyId()
                        + " in Secret " + mcp.getMetadata().getName() + "-jwt-signing");
            }
        }
        for (Condition c : next.getConditions()) {
            Condition old = FleetStatus.find(prev, c.getType());
            boolean changed = old == null || !Objects.equals(old.getStatus(), c.getStatus())
                    || !Objects.equals(old.getReason(), c.getReason());
            if (!changed) {
                continue;
            }
            boolean bad = FleetStatus.DEGRADED.equals(c.getType()) && "True".equals(c.getStatus());
            boolean good = FleetStatus.READY.equals(c.getType()) && "True".equals(c.getStatus());
            if (bad) {
                events.warning(client, mcp, c.getReason(), c.getMessage());
            } else if (good) {
                events.normal(client, mcp, "Ready", c.getMessage());
            }
        }
    }

    public long reconcileCount() {
        return reconciles.get();
    }
}
