package io.mcpfleet.operator.dependent;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.mcpfleet.operator.api.v1alpha1.McpServer;

/** Service {@code <name>}: port 80 (443 with TLS) to the pods' named mcp port, and the metrics port. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class ServiceDependentResource extends CRUDKubernetesDependentResource<Service, McpServer> {

    public ServiceDependentResource() {
        super(Service.class);
    }

    @Override
    protected Service desired(McpServer primary, Context<McpServer> context) {
        return build(primary);
    }

    public static Service build(McpServer mcp) {
        boolean tls = mcp.getSpec().tls() != null;
        return new ServiceBuilder()
                .withMetadata(Labels.meta(mcp, mcp.getMetadata().getName()))
                .withNewSpec()
                .withType("ClusterIP")
                .withSelector(Labels.selector(mcp))
                .addNewPort().withName(PodContract.MCP_PORT_NAME).withProtocol("TCP")
                .withPort(tls ? 443 : 80).withTargetPort(new IntOrString(PodContract.MCP_PORT_NAME)).endPort()
                .addNewPort().withName(PodContract.METRICS_PORT_NAME).withProtocol("TCP")
                .withPort(PodContract.METRICS_PORT).withTargetPort(new IntOrString(PodContract.METRICS_PORT_NAME)).endPort()
                .endSpec()
                .build();
    }

    /** Where clients reach the MCP endpoint (see {@link Exposure#url}). */
    public static String url(McpServer mcp) {
        return Exposure.url(mcp);
    }
}
