package io.mcpfleet.operator.reconciler;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.quarkiverse.operatorsdk.annotations.CSVMetadata;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.mcpfleet.operator.api.v1alpha1.McpServer;
import io.mcpfleet.operator.api.v1alpha1.McpServerStatus;
import io.mcpfleet.operator.api.v1alpha1.SpecValidator;
import io.mcpfleet.operator.api.v1alpha1.status.AuthStatus;
import io.mcpfleet.operator.dependent.CertificateDependentResource;
import io.mcpfleet.operator.dependent.ConfigMapDependentResource;
import io.mcpfleet.operator.dependent.CrdPresence;
import io.mcpfleet.operator.dependent.NetworkPolicyDependentResource;
import io.mcpfleet.operator.dependent.PrometheusRuleDependentResource;
import io.mcpfleet.operator.dependent.ServiceMonitorDependentResource;
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
import io.mcpfleet.operator.rotation.KeyRing;
import io.mcpfleet.operator.rotation.KeyRotation;
import io.mcpfleet.operator.rotation.OperatorClock;

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
                        verbs = { "get", "list", "watch", "create", "update", "patch" }),
                @CSVMetadata.PermissionRule(apiGroups = "apiextensions.k8s.io", resources = "customresourcedefinitions",
                        verbs = { "get" }) })
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
        @Dependent(name = "network-policy", type = NetworkPolicyDependentResource.class,
                reconcilePrecondition = Conditions.NetworkPolicyWanted.class),
        // Optional CRDs: activated only where installed, so the operator runs on a bare cluster too.
        @Dependent(name = "certificate", type = CertificateDependentResource.class,
                activationCondition = Conditions.CrdInstalled.class,
                reconcilePrecondition = Conditions.CertificateWanted.class),
        @Dependent(name = "service-monitor", type = ServiceMonitorDependentResource.class, dependsOn = "service",
                activationCondition = Conditions.CrdInstalled.class,
                reconcilePrecondition = Conditions.ServiceMonitorWanted.class),
        @Dependent(name = "prometheus-rule", type = PrometheusRuleDependentResource.class,
                activationCondition = Conditions.CrdInstalled.class,
                reconcilePrecondition = Conditions.PrometheusRuleWanted.class),
})
// Whether cert-manager and the Prometheus Operator are installed (CrdPresence).
@RBACRule(apiGroups = "apiextensions.k8s.io", resources = "customresourcedefinitions", verbs = "get")
public class McpServerReconciler implements Reconciler<McpServer> {

    public static final String NAME = "mcpserver";
    private static final Logger LOG = Logger.getLogger(McpServerReconciler.class);

    @Inject
    EventRecorder events;

    @Inject
    OperatorClock clock;

    public McpServerReconciler() {
    }

    /** For running on plain JOSDK (the real-API-server tests), where CDI does not inject. */
    public McpServerReconciler(EventRecorder events) {
        this.events = events;
    }

    /** Besides the workflow's informers: the user-given JWT key Secrets, so a change to one is noticed. */
    @Override
    public List<EventSource<?, McpServer>> prepareEventSources(EventSourceContext<McpServer> context) {
        return List.of(UserKeySecrets.eventSource(context));
    }

    private Instant now() {
        return (clock != null ? clock : OperatorClock.SYSTEM).now();
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
        Instant now = now();
        KeyRing ring = errors.isEmpty() && mcp.getSpec().auth().operatorOwnsKeys()
                ? context.getSecondaryResource(Secret.class, SigningSecretDependentResource.NAME)
                        .map(sec -> VerifySecretDependentResource.ring(mcp, sec)).orElse(null)
                : null;
        AuthStatus auth = ring != null ? KeyRotation.status(ring)
                : errors.isEmpty() && UserKeySecrets.secretName(mcp) != null ? UserKeySecrets.observe(mcp, context) : null;
        List<String> skipped = errors.isEmpty() ? skipped(mcp, context.getClient()) : List.of();
        McpServerStatus next = FleetStatus.compute(mcp,
                new FleetStatus.Observation(deployment, auth, errors, null, skipped), now);
        UpdateControl<McpServer> control = finish(mcp, next, context);
        Duration wait = null;
        if (ring != null) {
            // The rotation's next step (switch, end of a grace period) happens at a reconcile: ask for one then.
            wait = KeyRotation.nextDeadline(ring, mcp.getSpec().auth().jwt().rotation())
                    .map(at -> Duration.between(now, at)).map(d -> d.isNegative() ? Duration.ZERO : d)
                    .map(d -> d.plusSeconds(1)).orElse(null);
        }
        // Nothing announces a CRD installed later, nor a user's key Secret created later (it is not labelled yet).
        boolean missingUserKeys = auth != null && "External".equals(auth.phase()) && auth.verifyKeyIds() == null;
        if ((!skipped.isEmpty() || missingUserKeys) && (wait == null || wait.compareTo(CrdPresence.RECHECK) > 0)) {
            wait = CrdPresence.RECHECK;
        }
        if (wait != null) {
            control.rescheduleAfter(wait);
        }
        return control;
    }

    /** Optional children the spec asks for whose CRD is missing, one line each for the Skipped condition. */
    static List<String> skipped(McpServer mcp, KubernetesClient client) {
        List<String> out = new java.util.ArrayList<>();
        String name = mcp.getMetadata().getName();
        if (CertificateDependentResource.wanted(mcp) && !CrdPresence.certManager(client)) {
            out.add("Certificate " + name + " (cert-manager is not installed: no CRD "
                    + CrdPresence.crdName(io.fabric8.certmanager.api.model.v1.Certificate.class)
                    + "; the pods wait for Secret " + name + "-tls: install cert-manager, or create that Secret, or use tls.secretName)");
        }
        if (ServiceMonitorDependentResource.wanted(mcp) && !CrdPresence.serviceMonitors(client)) {
            out.add("ServiceMonitor " + name + " (the Prometheus Operator is not installed: no CRD "
                    + CrdPresence.crdName(io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor.class) + ")");
        }
        if (PrometheusRuleDependentResource.wanted(mcp) && !CrdPresence.prometheusRules(client)) {
            out.add("PrometheusRule " + name + " (the Prometheus Operator is not installed: no CRD "
                    + CrdPresence.crdName(io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule.class) + ")");
        }
        return out;
    }

    @Override
    public ErrorStatusUpdateControl<McpServer> updateErrorStatus(McpServer mcp, Context<McpServer> context, Exception e) {
        reconciles.incrementAndGet();
        String message = Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName());
        LOG.warnf("reconcile of %s/%s failed: %s", mcp.getMetadata().getNamespace(), mcp.getMetadata().getName(), message);
        Deployment deployment = context.getSecondaryResource(Deployment.class).orElse(null);
        McpServerStatus next = FleetStatus.compute(mcp,
                new FleetStatus.Observation(deployment, null, List.of(), message), now());
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
            if (next.getAuth() != null && next.getAuth().activeKeyId() != null && !"External".equals(next.getAuth().phase())) {
                events.normal(client, mcp, "SigningKeyCreated", "Generated JWT signing key " + next.getAuth().activeKeyId()
                        + " in Secret " + mcp.getMetadata().getName() + "-jwt-signing");
            }
        } else if (next.getAuth() != null && "External".equals(next.getAuth().phase())) {
            if (!Objects.equals(prev.getAuth().verifyKeyIds(), next.getAuth().verifyKeyIds())) {
                events.normal(client, mcp, "VerifyKeysChanged", "Secret " + mcp.getSpec().auth().jwt().secretName()
                        + " now holds key(s) " + next.getAuth().verifyKeyIds() + "; pods reload it without a restart");
            }
        } else if (next.getAuth() != null && !"External".equals(prev.getAuth().phase())) {
            AuthStatus a = prev.getAuth();
            AuthStatus b = next.getAuth();
            if (b.publishingKeyId() != null && !b.publishingKeyId().equals(a.publishingKeyId())) {
                events.normal(client, mcp, "KeyPublished", "Published JWT key " + b.publishingKeyId()
                        + " for verification; it signs from " + mcp.getSpec().auth().jwt().rotation().propagationDelay()
                        + " on");
            }
            if (b.activeKeyId() != null && !b.activeKeyId().equals(a.activeKeyId())) {
                events.normal(client, mcp, "KeySwitched", "JWT key " + b.activeKeyId() + " signs now; "
                        + a.activeKeyId() + " is accepted until " + b.retiringUntil());
            }
            List<String> gone = a.retiringKeyIds() == null ? List.of() : a.retiringKeyIds().stream()
                    .filter(k -> b.retiringKeyIds() == null || !b.retiringKeyIds().contains(k)).toList();
            if (!gone.isEmpty()) {
                events.normal(client, mcp, "KeyRetired", "Removed JWT key(s) " + String.join(", ", gone)
                        + " from the verify set: tokens they signed are no longer accepted");
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
