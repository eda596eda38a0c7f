package io.mcpfleet.operator.dependent;

import java.util.Map;

import jakarta.inject.Inject;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.mcpfleet.operator.api.v1alpha1.McpServer;
import io.mcpfleet.operator.rotation.KeyRing;
import io.mcpfleet.operator.rotation.KeyRingSecret;
import io.mcpfleet.operator.rotation.KeyRotation;
import io.mcpfleet.operator.rotation.OperatorClock;

/**
 * Secret {@code <name>-jwt-signing}: the private keys and the rotation state ({@link KeyRing}). A key is generated
 * once and changes only through the rotation protocol ({@link KeyRotation}): when rotation.generation changes, and
 * at the deadlines that follow. Between those, desired() reproduces the stored ring, so nothing is written.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR + "," + Labels.COMPONENT + "=" + "jwt-signing"))
public class SigningSecretDependentResource extends KubernetesDependentResource<Secret, McpServer>
        implements Creator<Secret, McpServer>, Updater<Secret, McpServer>, GarbageCollected<McpServer> {

    public static final String NAME = "jwt-signing";

    @Inject
    OperatorClock clock;

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
        var jwt = primary.getSpec().auth().jwt();
        KeyRing current = getSecondaryResource(primary, context)
                .map(s -> KeyRingSecret.read(s, jwt.rotation().generation())).orElse(null);
        KeyRing next = KeyRotation.step(current, jwt.rotation(), (clock != null ? clock : OperatorClock.SYSTEM).now(),
                () -> JsonWebKeys.generate(jwt.algorithm()));
        return build(primary, next);
    }

    public static Secret build(McpServer mcp, KeyRing ring) {
        return new SecretBuilder()
                .withMetadata(Labels.meta(mcp, Labels.signingSecretName(mcp), NAME))
                .withType("Opaque")
                .withData(ring == null ? Map.of() : KeyRingSecret.data(ring))
                .build();
    }

    /** A signing Secret with one fresh key set, as the first reconcile makes it. */
    public static Secret build(McpServer mcp, String jwks) {
        return build(mcp, KeyRing.fresh(mcp.getSpec().auth().jwt().rotation().generation(), jwks));
    }
}
