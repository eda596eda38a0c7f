package io.mcpfleet.operator.dependent;

import java.util.LinkedHashMap;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.mcpfleet.operator.api.v1alpha1.McpServer;

/** Names and labels every child shares; the managed-by label also narrows the operator's informers to its own objects. */
public final class Labels {

    public static final String MANAGED_BY_VALUE = "mcp-fleet-operator";
    /** Informer selector: only objects this operator made are cached, so memory does not grow with the cluster. */
    public static final String MANAGED_SELECTOR = "app.kubernetes.io/managed-by=" + MANAGED_BY_VALUE;

    private Labels() {
    }

    /** Labels that select the pods of one McpServer; immutable in a Deployment, so never add to this set. */
    public static Map<String, String> selector(McpServer mcp) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/name", "mcp-server");
        labels.put("app.kubernetes.io/instance", mcp.getMetadata().getName());
        return labels;
    }

    public static Map<String, String> common(McpServer mcp) {
        Map<String, String> labels = selector(mcp);
        labels.put("app.kubernetes.io/part-of", "mcp-fleet");
        labels.put("app.kubernetes.io/managed-by", MANAGED_BY_VALUE);
        return labels;
    }

    public static String selectorString(McpServer mcp) {
        StringBuilder sb = new StringBuilder();
        selector(mcp).forEach((k, v) -> sb.append(sb.isEmpty() ? "" : ",").append(k).append('=').append(v));
        return sb.toString();
    }

    /** Label that tells the two JWT Secrets apart, so each Secret informer caches only its own kind of Secret. */
    public static final String COMPONENT = "mcpfleet.io/component";

    public static ObjectMeta meta(McpServer mcp, String name) {
        ObjectMetaBuilder meta = new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(mcp.getMetadata().getNamespace())
                .withLabels(common(mcp));
        if (mcp.getMetadata().getUid() != null) {
            // A controller reference (kubectl shows "Controlled By"); offline renders have no uid and carry none.
            meta.addNewOwnerReference()
                    .withApiVersion(mcp.getApiVersion()).withKind(mcp.getKind())
                    .withName(mcp.getMetadata().getName()).withUid(mcp.getMetadata().getUid())
                    .withController(true).withBlockOwnerDeletion(true)
                    .endOwnerReference();
        }
        return meta.build();
    }

    public static ObjectMeta meta(McpServer mcp, String name, String component) {
        ObjectMeta meta = meta(mcp, name);
        meta.getLabels().put(COMPONENT, component);
        return meta;
    }

    public static String configMapName(McpServer mcp) {
        return mcp.getMetadata().getName() + "-config";
    }

    public static String signingSecretName(McpServer mcp) {
        return mcp.getMetadata().getName() + "-jwt-signing";
    }

    public static String verifySecretName(McpServer mcp) {
        return mcp.getMetadata().getName() + "-jwt-verify";
    }

    /** The Secret cert-manager fills when tls.issuerRef is used (the Certificate dependent asks for it). */
    public static String certificateSecretName(McpServer mcp) {
        return mcp.getMetadata().getName() + "-tls";
    }
}
