package io.mcpfleet.operator.dependent;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.mcpfleet.operator.api.v1alpha1.McpServer;
import io.mcpfleet.operator.api.v1alpha1.McpServerSpec;

/**
 * One place that derives every name the fleet is reached by: the public URL, the Service's DNS names, the Hosts
 * and Origins the server accepts, the certificate's names. Ingress, Certificate, the pod configuration and status
 * all read them from here, so the host cannot drift apart between them.
 */
public final class Exposure {

    /** `kubectl port-forward` arrives with these Host names; no rebinding attacker can make a browser send them. */
    private static final List<String> LOOPBACK = List.of("localhost", "127.0.0.1");

    private Exposure() {
    }

    public static String scheme(McpServer mcp) {
        return mcp.getSpec().tls() != null ? "https" : "http";
    }

    /** The Ingress host, or null. */
    public static String publicHost(McpServer mcp) {
        return mcp.getSpec().ingress() != null ? mcp.getSpec().ingress().host() : null;
    }

    /** Where clients reach the MCP endpoint: the Ingress URL when there is one, else the in-cluster Service URL. */
    public static String url(McpServer mcp) {
        String host = publicHost(mcp);
        return scheme(mcp) + "://" + (host != null ? host
                : mcp.getMetadata().getName() + "." + mcp.getMetadata().getNamespace() + ".svc") + "/mcp";
    }

    /** The RFC 9728 / RFC 8707 resource URL and the default JWT audience: the public URL, only with an Ingress. */
    public static String resourceUrl(McpServer mcp) {
        return publicHost(mcp) != null ? url(mcp) : null;
    }

    /** The Service's DNS names, short to fully qualified. */
    public static List<String> serviceNames(McpServer mcp) {
        String name = mcp.getMetadata().getName();
        String ns = mcp.getMetadata().getNamespace();
        return List.of(name, name + "." + ns, name + "." + ns + ".svc", name + "." + ns + ".svc.cluster.local");
    }

    /**
     * The server's allowedHosts: empty (any Host, the server's default in pods) when neither the user nor an Ingress
     * names one; otherwise the user's, the public host, the Service names and loopback, so in-cluster clients and
     * port-forwards keep working once the list restricts. Probes are unaffected: the server checks Host on /mcp only.
     */
    public static List<String> allowedHosts(McpServer mcp) {
        McpServerSpec spec = mcp.getSpec();
        String host = publicHost(mcp);
        if (spec.allowedHosts().isEmpty() && host == null) {
            return List.of();
        }
        Set<String> hosts = new LinkedHashSet<>(spec.allowedHosts());
        if (hosts.contains("*")) {
            return List.copyOf(hosts);
        }
        if (host != null) {
            hosts.add(host);
        }
        hosts.addAll(serviceNames(mcp));
        hosts.addAll(LOOPBACK);
        return List.copyOf(hosts);
    }

    /** The server's cors.allowedOrigins: the user's plus the public origin, or null when there is neither. */
    public static List<String> allowedOrigins(McpServer mcp) {
        McpServerSpec spec = mcp.getSpec();
        List<String> given = spec.cors() != null && spec.cors().allowedOrigins() != null ? spec.cors().allowedOrigins()
                : List.of();
        String host = publicHost(mcp);
        if (host == null) {
            return spec.cors() != null ? given : null;
        }
        Set<String> origins = new LinkedHashSet<>(given);
        origins.add(scheme(mcp) + "://" + host);
        return List.copyOf(origins);
    }

    /** DNS names of the cert-manager Certificate: the public host and, when wanted, the Service's names. */
    public static List<String> certificateNames(McpServer mcp) {
        List<String> names = new ArrayList<>();
        String host = publicHost(mcp);
        if (host != null) {
            names.add(host);
        }
        if (mcp.getSpec().tls().certificateNamesService(host != null)) {
            names.addAll(serviceNames(mcp));
        }
        return names;
    }
}
