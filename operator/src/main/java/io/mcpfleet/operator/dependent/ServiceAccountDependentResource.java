package io.mcpfleet.operator.dependent;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.mcpfleet.operator.api.v1alpha1.McpServer;

/** ServiceAccount {@code <name>}: an identity of its own, without an API token (the server never calls the API). */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class ServiceAccountDependentResource extends CRUDKubernetesDependentResource<ServiceAccount, McpServer> {

    public ServiceAccountDependentResource() {
        super(ServiceAccount.class);
    }

    @Override
    protected ServiceAccount desired(McpServer primary, Context<McpServer> context) {
        return build(primary);
    }

    public static ServiceAccount build(McpServer mcp) {
        return new ServiceAccountBuilder()
                .withMetadata(Labels.meta(mcp, mcp.getMetadata().getName()))
                .withAutomountServiceAccountToken(false)
                .build();
    }
}
