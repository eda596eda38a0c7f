package io.mcpfleet.operator.dependent;

import io.fabric8.certmanager.api.model.v1.Certificate;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.mcpfleet.operator.api.v1alpha1.McpServer;

/** The workflow's small conditions, one class each. */
public final class Conditions {

    private Conditions() {
    }

    /** Operator-owned JWT keys exist only in mode jwt without a given secretName; otherwise they are deleted. */
    public static class OperatorOwnsKeys implements Condition<Secret, McpServer> {
        @Override
        public boolean isMet(DependentResource<Secret, McpServer> dependent, McpServer primary, Context<McpServer> context) {
            return primary.getSpec().auth().operatorOwnsKeys();
        }
    }

    /** The signing Secret is readable from the cache, so the verify set can be derived from it. */
    public static class SecretExists implements Condition<Secret, McpServer> {
        @Override
        public boolean isMet(DependentResource<Secret, McpServer> dependent, McpServer primary, Context<McpServer> context) {
            return dependent.getSecondaryResource(primary, context).isPresent();
        }
    }

    /** An Ingress only when spec.ingress is set. */
    public static class IngressWanted implements Condition<Ingress, McpServer> {
        @Override
        public boolean isMet(DependentResource<Ingress, McpServer> dependent, McpServer primary, Context<McpServer> context) {
            return IngressDependentResource.wanted(primary);
        }
    }

    /** An autoscaler only when spec.autoscaling is set. */
    public static class AutoscalingWanted implements Condition<HorizontalPodAutoscaler, McpServer> {
        @Override
        public boolean isMet(DependentResource<HorizontalPodAutoscaler, McpServer> dependent, McpServer primary,
                Context<McpServer> context) {
            return HorizontalPodAutoscalerDependentResource.wanted(primary);
        }
    }

    /** A budget only while the fleet runs two or more pods. */
    public static class BudgetWanted implements Condition<PodDisruptionBudget, McpServer> {
        @Override
        public boolean isMet(DependentResource<PodDisruptionBudget, McpServer> dependent, McpServer primary,
                Context<McpServer> context) {
            return PodDisruptionBudgetDependentResource.wanted(primary);
        }
    }

    /** A NetworkPolicy only when networkPolicy.enabled. */
    public static class NetworkPolicyWanted implements Condition<NetworkPolicy, McpServer> {
        @Override
        public boolean isMet(DependentResource<NetworkPolicy, McpServer> dependent, McpServer primary,
                Context<McpServer> context) {
            return NetworkPolicyDependentResource.wanted(primary);
        }
    }

    /** A Certificate only with tls.issuerRef. */
    public static class CertificateWanted implements Condition<Certificate, McpServer> {
        @Override
        public boolean isMet(DependentResource<Certificate, McpServer> dependent, McpServer primary,
                Context<McpServer> context) {
            return CertificateDependentResource.wanted(primary);
        }
    }

    /** A ServiceMonitor only with observability.serviceMonitor.enabled. */
    public static class ServiceMonitorWanted implements Condition<ServiceMonitor, McpServer> {
        @Override
        public boolean isMet(DependentResource<ServiceMonitor, McpServer> dependent, McpServer primary,
                Context<McpServer> context) {
            return ServiceMonitorDependentResource.wanted(primary);
        }
    }

    /** A PrometheusRule only with observability.prometheusRule.enabled. */
    public static class PrometheusRuleWanted implements Condition<PrometheusRule, McpServer> {
        @Override
        public boolean isMet(DependentResource<PrometheusRule, McpServer> dependent, McpServer primary,
                Context<McpServer> context) {
            return PrometheusRuleDependentResource.wanted(primary);
        }
    }

    /**
     * Activation: the child's CRD is installed (cert-manager, Prometheus Operator). Until it is, java-operator-sdk
     * neither watches nor writes that kind, the rest of the workflow runs, and status says what was skipped.
     */
    public static class CrdInstalled<R extends HasMetadata> implements Condition<R, McpServer> {
        @Override
        public boolean isMet(DependentResource<R, McpServer> dependent, McpServer primary,
                Context<McpServer> context) {
            return CrdPresence.present(context.getClient(), dependent.resourceType());
        }
    }
}
