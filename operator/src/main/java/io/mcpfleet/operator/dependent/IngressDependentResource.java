package io.mcpfleet.operator.dependent;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.mcpfleet.operator.api.v1alpha1.McpServer;
import io.mcpfleet.operator.api.v1alpha1.McpServerSpec;

/** Ingress {@code <name>}: the public host routed to the Service's mcp port, with TLS when the spec has it. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class IngressDependentResource extends CRUDKubernetesDependentResource<Ingress, McpServer> {

    public IngressDependentResource() {
        super(Ingress.class);
    }

    /** Found by name: on the way to deletion the spec block is gone and desired() cannot be built. */
    @Override
    protected ResourceID targetSecondaryResourceID(McpServer primary, Context<McpServer> context) {
        return new ResourceID(primary.getMetadata().getName(), primary.getMetadata().getNamespace());
    }

    @Override
    protected Ingress desired(McpServer primary, Context<McpServer> context) {
        return build(primary);
    }

    public static boolean wanted(McpServer mcp) {
        return mcp.getSpec().ingress() != null;
    }

    public static Ingress build(McpServer mcp) {
        McpServerSpec spec = mcp.getSpec();
        var ingress = spec.ingress();
        var meta = Labels.meta(mcp, mcp.getMetadata().getName());
        if (ingress.annotations() != null && !ingress.annotations().isEmpty()) {
            meta.setAnnotations(new java.util.TreeMap<>(ingress.annotations()));
        }
        IngressBuilder b = new IngressBuilder()
                .withMetadata(meta)
                .withNewSpec()
                .withIngressClassName(ingress.className())
                .addNewRule().withHost(ingress.host())
                .withNewHttp().addNewPath().withPath("/").withPathType("Prefix")
                .withNewBackend().withNewService().withName(mcp.getMetadata().getName())
                .withNewPort().withName(PodContract.MCP_PORT_NAME).endPort()
                .endService().endBackend()
                .endPath().endHttp().endRule()
                .endSpec();
        if (spec.tls() != null) {
            // The certificate the pods serve is valid for the Ingress host too (cert-manager issues it for both).
            String secret = spec.tls().secretName() != null ? spec.tls().secretName() : Labels.certificateSecretName(mcp);
            b.editSpec().addNewTl().withHosts(ingress.host()).withSecretName(secret).endTl().endSpec();
        }
        return b.build();
    }
}
