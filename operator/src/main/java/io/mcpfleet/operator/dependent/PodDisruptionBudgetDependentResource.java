package io.mcpfleet.operator.dependent;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.mcpfleet.operator.api.v1alpha1.McpServer;
import io.mcpfleet.operator.api.v1alpha1.spec.PodDisruptionBudgetSpec;

/** PodDisruptionBudget {@code <name>}: keeps part of the fleet up through node drains. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class PodDisruptionBudgetDependentResource extends CRUDKubernetesDependentResource<PodDisruptionBudget, McpServer> {

    public PodDisruptionBudgetDependentResource() {
        super(PodDisruptionBudget.class);
    }

    /** Found by name: on the way to deletion the spec block is gone and desired() cannot be built. */
    @Override
    protected ResourceID targetSecondaryResourceID(McpServer primary, Context<McpServer> context) {
        return new ResourceID(primary.getMetadata().getName(), primary.getMetadata().getNamespace());
    }

    @Override
    protected PodDisruptionBudget desired(McpServer primary, Context<McpServer> context) {
        return build(primary);
    }

    /** Only with two or more pods: a budget over a single pod would block every node drain. */
    public static boolean wanted(McpServer mcp) {
        return mcp.getSpec().podDisruptionBudget().enabled() && mcp.getSpec().minimumReplicas() >= 2;
    }

    public static PodDisruptionBudget build(McpServer mcp) {
        PodDisruptionBudgetSpec pdb = mcp.getSpec().podDisruptionBudget();
        IntOrString maxUnavailable = pdb.maxUnavailable();
        if (pdb.minAvailable() == null && maxUnavailable == null) {
            maxUnavailable = new IntOrString(1);
        }
        return new PodDisruptionBudgetBuilder()
                .withMetadata(Labels.meta(mcp, mcp.getMetadata().getName()))
                .withNewSpec()
                .withNewSelector().withMatchLabels(Labels.selector(mcp)).endSelector()
                .withMinAvailable(pdb.minAvailable())
                .withMaxUnavailable(maxUnavailable)
                .endSpec()
                .build();
    }
}
