package io.mcpfleet.operator.reconciler;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.PrimaryToSecondaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.mcpfleet.operator.api.v1alpha1.McpServer;
import io.mcpfleet.operator.api.v1alpha1.status.AuthStatus;
import io.mcpfleet.operator.dependent.JsonWebKeys;
import io.mcpfleet.operator.dependent.PodContract;

/**
 * The verification key Secret a user names in auth.jwt.secretName. Pods mount it directly and the server reloads it,
 * so a key change reaches them without a restart and without the operator; the operator watches it only to notice
 * the change and report the key ids it now holds.
 * <p>
 * Watching every Secret of the cluster to find those few would cache them all, so the operator labels each named
 * Secret {@value #WATCH_LABEL}=true once and its informer selects that label (the Keycloak operator's way).
 */
final class UserKeySecrets {

    static final String EVENT_SOURCE = "user-jwt-secret";
    static final String WATCH_LABEL = "mcpfleet.io/watched";
    private static final String INDEX = "jwt-secret";

    private UserKeySecrets() {
    }

    static String secretName(McpServer mcp) {
        var auth = mcp.getSpec() == null ? null : mcp.getSpec().auth();
        return auth != null && "jwt".equals(auth.mode()) && !auth.operatorOwnsKeys() ? auth.jwt().secretName() : null;
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    static InformerEventSource<Secret, McpServer> eventSource(EventSourceContext<McpServer> context) {
        context.getPrimaryCache().addIndexer(INDEX, mcp -> {
            String secret = secretName(mcp);
            return secret == null ? List.of() : List.of(key(mcp.getMetadata().getNamespace(), secret));
        });
        var config = InformerEventSourceConfiguration.from(Secret.class, McpServer.class)
                .withName(EVENT_SOURCE)
                .withLabelSelector(WATCH_LABEL + "=true")
                .withSecondaryToPrimaryMapper(secret -> context.getPrimaryCache()
                        .byIndex(INDEX, key(secret.getMetadata().getNamespace(), secret.getMetadata().getName()))
                        .stream().map(ResourceID::fromResource).collect(Collectors.toSet()))
                .withPrimaryToSecondaryMapper((PrimaryToSecondaryMapper<McpServer>) mcp -> {
                    String secret = secretName(mcp);
                    return secret == null ? Set.of() : Set.of(new ResourceID(secret, mcp.getMetadata().getNamespace()));
                })
                .build();
        return new InformerEventSource<>(config, context);
    }

    /**
     * The key state of a user-given Secret: its key ids, or none while it is missing or unreadable. Labels the Secret
     * for the informer the first time it is seen.
     */
    static AuthStatus observe(McpServer mcp, Context<McpServer> context) {
        String name = secretName(mcp);
        Secret secret = context.getSecondaryResource(Secret.class, EVENT_SOURCE).orElse(null);
        if (secret == null) {
            KubernetesClient client = context.getClient();
            var ref = client.secrets().inNamespace(mcp.getMetadata().getNamespace()).withName(name);
            secret = ref.get();
            if (secret != null && (secret.getMetadata().getLabels() == null
                    || !"true".equals(secret.getMetadata().getLabels().get(WATCH_LABEL)))) {
                secret = ref.edit(s -> {
                    s.getMetadata().setLabels(s.getMetadata().getLabels() == null ? new java.util.HashMap<>()
                            : new java.util.HashMap<>(s.getMetadata().getLabels()));
                    s.getMetadata().getLabels().put(WATCH_LABEL, "true");
                    return s;
                });
            }
        }
        List<String> kids = null;
        if (secret != null) {
            String jwks = value(secret);
            if (jwks != null && !JsonWebKeys.hasPrivateMembers(jwks)) {
                kids = JsonWebKeys.keyIds(jwks);
            }
        }
        return new AuthStatus("External", kids == null || kids.isEmpty() ? null : kids.get(0), null, null, null,
                kids == null || kids.isEmpty() ? null : kids);
    }

    private static String value(Secret secret) {
        if (secret.getData() != null && secret.getData().get(PodContract.JWKS_KEY) != null) {
            return new String(Base64.getDecoder().decode(secret.getData().get(PodContract.JWKS_KEY)), StandardCharsets.UTF_8);
        }
        return secret.getStringData() != null ? secret.getStringData().get(PodContract.JWKS_KEY) : null;
    }
}
