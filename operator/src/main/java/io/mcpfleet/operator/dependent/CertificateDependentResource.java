package io.mcpfleet.operator.dependent;

import io.fabric8.certmanager.api.model.v1.Certificate;
import io.fabric8.certmanager.api.model.v1.CertificateBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.mcpfleet.operator.api.v1alpha1.McpServer;

/**
 * cert-manager Certificate {@code <name>} from tls.issuerRef: cert-manager fills Secret {@code <name>-tls}, which the
 * pods serve (and reload on renewal) and the Ingress terminates with.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class CertificateDependentResource extends CRUDKubernetesDependentResource<Certificate, McpServer> {

    public CertificateDependentResource() {
        super(Certificate.class);
    }

    @Override
    protected ResourceID targetSecondaryResourceID(McpServer primary, Context<McpServer> context) {
        return new ResourceID(primary.getMetadata().getName(), primary.getMetadata().getNamespace());
    }

    @Override
    protected Certificate desired(McpServer primary, Context<McpServer> context) {
        return build(primary);
    }

    public static boolean wanted(McpServer mcp) {
        return mcp.getSpec().tls() != null && mcp.getSpec().tls().issuerRef() != null;
    }

    public static Certificate build(McpServer mcp) {
        var issuer = mcp.getSpec().tls().issuerRef();
        return new CertificateBuilder()
                .withMetadata(Labels.meta(mcp, mcp.getMetadata().getName()))
                .withNewSpec()
                .withSecretName(Labels.certificateSecretName(mcp))
                .withNewIssuerRef().withName(issuer.name()).withKind(issuer.kind()).withGroup(issuer.group()).endIssuerRef()
                .withDnsNames(Exposure.certificateNames(mcp))
                // A fresh key on each renewal; the pods pick the new pair up from the mounted Secret without a restart.
                .withNewPrivateKey().withRotationPolicy("Always").endPrivateKey()
                .withNewSecretTemplate().withLabels(Labels.common(mcp)).endSecretTemplate()
                .endSpec()
                .build();
    }
}
