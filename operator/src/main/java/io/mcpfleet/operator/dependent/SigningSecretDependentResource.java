package io.mcpfleet.operator.dependent;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.mcpfleet.operator.api.v1alpha1.McpServer;

/**
 * Secret {@code <name>-jwt-signing}: the private JWK set, generated once. Creator only (no Updater), so a later
 * reconcile never regenerates keys and never invalidates tokens already minted.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR + "," + Labels.COMPONENT + "=" + "jwt-signing"))
public class SigningSecretDependentResource extends KubernetesDependentResource<Secret, McpServer>
        implements Creator<Secret, McpServer>, GarbageCollected<McpServer> {

    public static final String NAME = "jwt-signing";

    public SigningSecretDependentResource() {
        super(Secret.class);
    }

    /** Found by name, not through desired(): that would generate a key pair just to look the Secret up. */
    @Override
    protected ResourceID targetSecondaryResourceID(McpServer primary, Context<McpServer> context) {
        return new ResourceID(Labels.signingSecretName(primary), primary.getMetadata().getNamespace());
    }

    @Override
    protected Secret desired(McpServer primary, Context<McpServer> context) {
        return build(primary, JsonWebKeys.generate(primary.getSpec().auth().jwt().algorithm()));
    }

    public static Secret build(McpServer mcp, String jwks) {
        return new SecretBuilder()
                .withMetadata(Labels.meta(mcp, Labels.signingSecretName(mcp), NAME))
                .withType("Opaque")
                .withData(Map.of(PodContract.JWKS_KEY,
                        Base64.getEncoder().encodeToString(jwks.getBytes(StandardCharsets.UTF_8))))
                .build();
    }
}
