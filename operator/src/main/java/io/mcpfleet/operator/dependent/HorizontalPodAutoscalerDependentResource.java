package io.mcpfleet.operator.dependent;

import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpecBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.mcpfleet.operator.api.v1alpha1.McpServer;
import io.mcpfleet.operator.api.v1alpha1.spec.Autoscaling;
import io.mcpfleet.operator.api.v1alpha1.spec.Durations;

/** HorizontalPodAutoscaler {@code <name>} (autoscaling/v2) over the Deployment, on CPU, optionally memory and in-flight requests. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class HorizontalPodAutoscalerDependentResource
        extends CRUDKubernetesDependentResource<HorizontalPodAutoscaler, McpServer> {

    public static final String INFLIGHT_METRIC = "mcp_inflight_requests";

    public HorizontalPodAutoscalerDependentResource() {
        super(HorizontalPodAutoscaler.class);
    }

    /** Found by name: on the way to deletion the spec block is gone and desired() cannot be built. */
    @Override
    protected ResourceID targetSecondaryResourceID(McpServer primary, Context<McpServer> context) {
        return new ResourceID(primary.getMetadata().getName(), primary.getMetadata().getNamespace());
    }

    @Override
    protected HorizontalPodAutoscaler desired(McpServer primary, Context<McpServer> context) {
        return build(primary);
    }

    public static boolean wanted(McpServer mcp) {
        return mcp.getSpec().autoscaling() != null;
    }

    public static HorizontalPodAutoscaler build(McpServer mcp) {
        Autoscaling a = mcp.getSpec().autoscaling();
        List<MetricSpec> metrics = new ArrayList<>();
        metrics.add(new MetricSpecBuilder().withType("Resource").withNewResource().withName("cpu")
                .withNewTarget().withType("Utilization").withAverageUtilization(a.targetCPUUtilizationPercentage())
                .endTarget().endResource().build());
        if (a.targetMemoryUtilizationPercentage() != null) {
            metrics.add(new MetricSpecBuilder().withType("Resource").withNewResource().withName("memory")
                    .withNewTarget().withType("Utilization").withAverageUtilization(a.targetMemoryUtilizationPercentage())
                    .endTarget().endResource().build());
        }
        if (a.targetInflightRequests() != null) {
            // A Pods metric: needs a custom metrics adapter (e.g. prometheus-adapter) serving the server's gauge.
            metrics.add(new MetricSpecBuilder().withType("Pods").withNewPods()
                    .withNewMetric().withName(INFLIGHT_METRIC).endMetric()
                    .withNewTarget().withType("AverageValue")
                    .withAverageValue(new Quantity(Integer.toString(a.targetInflightRequests()))).endTarget()
                    .endPods().build());
        }
        return new HorizontalPodAutoscalerBuilder()
                .withMetadata(Labels.meta(mcp, mcp.getMetadata().getName()))
                .withNewSpec()
                .withNewScaleTargetRef().withApiVersion("apps/v1").withKind("Deployment")
                .withName(mcp.getMetadata().getName()).endScaleTargetRef()
                .withMinReplicas(a.minReplicas())
                .withMaxReplicas(a.maxReplicas())
                .withMetrics(metrics)
                // Scale down only to the highest recommendation of the window: a lull must not drop pods that hold
                // streams, and a drained pod takes resilience.drainTimeout to go. Scale-up keeps Kubernetes' defaults.
                .withNewBehavior().withNewScaleDown()
                .withStabilizationWindowSeconds((int) Durations.parse(a.scaleDownStabilization()).toSeconds())
                .endScaleDown().endBehavior()
                .endSpec()
                .build();
    }
}
