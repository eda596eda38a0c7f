package io.mcpfleet.operator.dependent;

import java.util.Map;
import java.util.TreeMap;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.mcpfleet.operator.api.v1alpha1.McpServer;
import io.mcpfleet.operator.api.v1alpha1.McpServerSpec;
import io.mcpfleet.operator.api.v1alpha1.spec.Durations;

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

    public static final String NGINX = "nginx.ingress.kubernetes.io/";

    public static Ingress build(McpServer mcp) {
        McpServerSpec spec = mcp.getSpec();
        var ingress = spec.ingress();
        var meta = Labels.meta(mcp, mcp.getMetadata().getName());
        Map<String, String> annotations = defaultAnnotations(mcp);
        if (ingress.annotations() != null) {
            annotations.putAll(ingress.annotations());
        }
        if (!annotations.isEmpty()) {
            meta.setAnnotations(annotations);
        }
        IngressBuilder b = new IngressBuilder()
                .withMetadata(meta)
                .withNewSpec()
                .withIngressClassName(ingress.className())
                .addNewRule().withHost(ingress.host())
                .withNewHttp().addNewPath().withPath(ingress.path()).withPathType("Prefix")
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

    /**
     * What an MCP endpoint needs from the controller, for ingress-nginx (the class named nginx, or none: the annotations
     * are inert for other controllers). Streams (SSE) must not be buffered and may stay open for long; with TLS the
     * pods speak HTTPS; handshake-era sessions held in a pod's memory need every request of a session on that pod.
     */
    static Map<String, String> defaultAnnotations(McpServer mcp) {
        Map<String, String> a = new TreeMap<>();
        String className = mcp.getSpec().ingress().className();
        if (className != null && !className.toLowerCase(java.util.Locale.ROOT).contains("nginx")) {
            return a;
        }
        a.put(NGINX + "proxy-buffering", "off");
        a.put(NGINX + "proxy-request-buffering", "off");
        a.put(NGINX + "proxy-read-timeout", "3600");
        a.put(NGINX + "proxy-send-timeout", "3600");
        if (mcp.getSpec().tls() != null) {
            a.put(NGINX + "backend-protocol", "HTTPS");
        }
        if (sessionAffinity(mcp)) {
            // A cookie, not a hash of Mcp-Session-Id: the id is minted by whichever pod served initialize (which
            // arrives without one), and a hash of it points at some other pod. The cookie is set on that first answer
            // and pins the session's later requests to the pod that holds it. Clients without a cookie jar need
            // sessions.store redis.
            a.put(NGINX + "affinity", "cookie");
            a.put(NGINX + "affinity-mode", "persistent");
            a.put(NGINX + "session-cookie-name", "mcp-fleet-affinity");
            a.put(NGINX + "session-cookie-path", "/");
            a.put(NGINX + "session-cookie-samesite", "Strict");
            a.put(NGINX + "session-cookie-max-age",
                    Long.toString(Durations.parse(mcp.getSpec().sessions().ttl()).toSeconds()));
        }
        return a;
    }

    /** Sticky routing on Mcp-Session-Id: only for sessions in a pod's memory, and only when there can be several pods. */
    public static boolean sessionAffinity(McpServer mcp) {
        McpServerSpec spec = mcp.getSpec();
        int most = spec.autoscaling() != null ? spec.autoscaling().maxReplicas() : spec.replicas();
        return "memory".equals(spec.sessions().store()) && most > 1;
    }
}
