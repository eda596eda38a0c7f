package io.mcpfleet.operator.dependent;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.mcpfleet.operator.api.v1alpha1.McpServer;
import io.mcpfleet.operator.rotation.KeyRing;
import io.mcpfleet.operator.rotation.KeyRingSecret;

/** Secret {@code <name>-jwt-verify}: the public keys of the key ring, the only key material pods mount. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR + "," + Labels.COMPONENT + "=" + "jwt-verify"))
public class VerifySecretDependentResource extends CRUDKubernetesDependentResource<Secret, McpServer> {

    public static final String NAME = "jwt-verify";

    public VerifySecretDependentResource() {
        super(Secret.class);
    }

    /** Found by name, not through desired(): that would generate a key pair just to look the Secret up. */
    @Override
    protected ResourceID targetSecondaryResourceID(McpServer primary, Context<McpServer> context) {
        return new ResourceID(Labels.verifySecretName(primary), primary.getMetadata().getNamespace());
    }

    @Override
    protected Secret desired(McpServer primary, Context<McpServer> context) {
        Secret signing = context.getSecondaryResource(Secret.class, SigningSecretDependentResource.NAME)
                .orElseThrow(() -> new IllegalStateException(
                        "Secret " + Labels.signingSecretName(primary) + " is not in the cache yet"));
        return build(primary, ring(primary, signing));
    }

    /** The key ring the signing Secret holds. */
    public static KeyRing ring(McpServer mcp, Secret signing) {
        return KeyRingSecret.read(signing, mcp.getSpec().auth().jwt().rotation().generation());
    }

    /**
     * The verify set of a ring: active, publishing and retiring public keys. Pods mount it and the server reloads
     * the file when it changes, so a rotation never changes the pod template (no restart).
     */
    public static Secret build(McpServer mcp, KeyRing ring) {
        String publicJwks = ring.verifySet();
        // data rather than stringData: the API server stores data, so what we compare with is what we send.
        return new SecretBuilder()
                .withMetadata(Labels.meta(mcp, Labels.verifySecretName(mcp), NAME))
                .withType("Opaque")
                .withData(Map.of(PodContract.JWKS_KEY,
                        Base64.getEncoder().encodeToString(publicJwks.getBytes(StandardCharsets.UTF_8))))
                .build();
    }

    /** The JWK set of a signing Secret, whether it came back from the server (data) or from our own create (stringData). */
    public static String signingKeys(Secret signing) {
        if (signing.getData() != null && signing.getData().containsKey(PodContract.JWKS_KEY)) {
            return new String(Base64.getDecoder().decode(signing.getData().get(PodContract.JWKS_KEY)), StandardCharsets.UTF_8);
        }
        if (signing.getStringData() != null && signing.getStringData().containsKey(PodContract.JWKS_KEY)) {
            return signing.getStringData().get(PodContract.JWKS_KEY);
        }
        throw new IllegalStateException("Secret " + signing.getMetadata().getName() + " has no key " + PodContract.JWKS_KEY);
    }
}
