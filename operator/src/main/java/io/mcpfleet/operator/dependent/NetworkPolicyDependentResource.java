package io.mcpfleet.operator.dependent;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.mcpfleet.operator.api.v1alpha1.McpServer;
import io.mcpfleet.operator.api.v1alpha1.McpServerSpec;
import io.mcpfleet.operator.api.v1alpha1.spec.NetworkPolicySpec;
import io.mcpfleet.operator.api.v1alpha1.spec.Tool;

/**
 * NetworkPolicy {@code <name>} around the server pods. In: the MCP port from the Ingress controller's namespace and
 * the namespaces the spec names, the metrics port from the monitoring namespace. Out: DNS, and the backends the spec
 * declares (http tools, Redis, the OIDC issuer, the OTLP collector).
 * <p>
 * A NetworkPolicy matches pods, namespaces and IP blocks, never DNS names, and applies after a Service has
 * translated its port to the pod's. So: an IP literal becomes an IP block on its port; an in-cluster Service name
 * ({@code svc}, {@code svc.ns.svc[.cluster.local]}) becomes its namespace on any port (the pod's port is unknown
 * here); any other name is external and reached through {@code egressCIDRs}, or without them through 0.0.0.0/0
 * minus the private ranges, on the backends' ports only.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class NetworkPolicyDependentResource extends CRUDKubernetesDependentResource<NetworkPolicy, McpServer> {

    static final String NAMESPACE_LABEL = "kubernetes.io/metadata.name";
    static final List<String> PRIVATE_RANGES = List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16",
            "100.64.0.0/10");

    public NetworkPolicyDependentResource() {
        super(NetworkPolicy.class);
    }

    @Override
    protected ResourceID targetSecondaryResourceID(McpServer primary, Context<McpServer> context) {
        return new ResourceID(primary.getMetadata().getName(), primary.getMetadata().getNamespace());
    }

    @Override
    protected NetworkPolicy desired(McpServer primary, Context<McpServer> context) {
        return build(primary);
    }

    public static boolean wanted(McpServer mcp) {
        return mcp.getSpec().networkPolicy().enabled();
    }

    /** A backend the pods call: where it is, in the terms a NetworkPolicy can express. */
    record Backend(String url, String ip, String namespace, int port) {
        boolean external() {
            return ip == null && namespace == null;
        }
    }

    public static NetworkPolicy build(McpServer mcp) {
        NetworkPolicySpec np = mcp.getSpec().networkPolicy();
        List<NetworkPolicyIngressRule> ingress = new ArrayList<>();
        List<NetworkPolicyPeer> clients = new ArrayList<>();
        Set<String> clientNamespaces = new LinkedHashSet<>();
        clientNamespaces.add(np.ingressControllerNamespace());
        clientNamespaces.addAll(np.allowFromNamespaces());
        clientNamespaces.forEach(ns -> clients.add(namespace(ns)));
        ingress.add(new NetworkPolicyIngressRuleBuilder().withFrom(clients)
                .withPorts(port(new IntOrString(PodContract.MCP_PORT_NAME), "TCP")).build());
        ingress.add(new NetworkPolicyIngressRuleBuilder().withFrom(namespace(np.monitoringNamespace()))
                .withPorts(port(new IntOrString(PodContract.METRICS_PORT_NAME), "TCP")).build());

        List<NetworkPolicyEgressRule> egress = new ArrayList<>();
        // DNS to any address on port 53: cluster DNS may be a Service in kube-system or a node-local cache on a
        // link-local address, which no namespace selector matches.
        egress.add(new NetworkPolicyEgressRuleBuilder()
                .withPorts(port(new IntOrString(53), "UDP"), port(new IntOrString(53), "TCP")).build());
        List<Backend> backends = backends(mcp);
        Map<String, Set<Integer>> byIp = new LinkedHashMap<>();
        Set<String> namespaces = new LinkedHashSet<>();
        Set<Integer> externalPorts = new LinkedHashSet<>();
        for (Backend b : backends) {
            if (b.ip() != null) {
                byIp.computeIfAbsent(b.ip(), k -> new LinkedHashSet<>()).add(b.port());
            } else if (b.namespace() != null) {
                namespaces.add(b.namespace());
            } else {
                externalPorts.add(b.port());
            }
        }
        byIp.forEach((ip, ports) -> egress.add(new NetworkPolicyEgressRuleBuilder()
                .withTo(new NetworkPolicyPeerBuilder().withNewIpBlock().withCidr(ip + (ip.contains(":") ? "/128" : "/32"))
                        .endIpBlock().build())
                .withPorts(ports.stream().map(p -> port(new IntOrString(p), "TCP")).toList()).build()));
        if (!namespaces.isEmpty()) {
            egress.add(new NetworkPolicyEgressRuleBuilder()
                    .withTo(namespaces.stream().map(NetworkPolicyDependentResource::namespace).toList()).build());
        }
        if (!externalPorts.isEmpty()) {
            List<NetworkPolicyPeer> to = np.egressCIDRs().isEmpty()
                    ? List.of(new NetworkPolicyPeerBuilder().withNewIpBlock().withCidr("0.0.0.0/0")
                            .withExcept(PRIVATE_RANGES).endIpBlock().build())
                    : np.egressCIDRs().stream().map(c -> new NetworkPolicyPeerBuilder().withNewIpBlock().withCidr(c)
                            .endIpBlock().build()).toList();
            egress.add(new NetworkPolicyEgressRuleBuilder().withTo(to)
                    .withPorts(externalPorts.stream().map(p -> port(new IntOrString(p), "TCP")).toList()).build());
        }

        return new NetworkPolicyBuilder()
                .withMetadata(Labels.meta(mcp, mcp.getMetadata().getName()))
                .withNewSpec()
                .withPodSelector(new LabelSelectorBuilder().withMatchLabels(Labels.selector(mcp)).build())
                .withPolicyTypes("Ingress", "Egress")
                .withIngress(ingress)
                .withEgress(egress)
                .endSpec()
                .build();
    }

    /** Every URL the pods call, classified; unparsable ones are left out (the spec validation reports them). */
    static List<Backend> backends(McpServer mcp) {
        McpServerSpec spec = mcp.getSpec();
        List<String> urls = new ArrayList<>();
        for (Tool tool : spec.tools()) {
            if (tool.http() != null && tool.http().url() != null) {
                urls.add(tool.http().url());
            }
        }
        if (spec.sessions().redis() != null) {
            urls.add(spec.sessions().redis().url());
        }
        if (spec.observability().otlpEndpoint() != null) {
            urls.add(spec.observability().otlpEndpoint());
        }
        var oidc = spec.auth().oidc();
        if ("oidc".equals(spec.auth().mode()) && oidc != null) {
            urls.add(oidc.issuerUrl());
            if (oidc.jwksUri() != null) {
                urls.add(oidc.jwksUri());
            }
        }
        List<Backend> out = new ArrayList<>();
        for (String url : urls) {
            Backend b = classify(url, mcp.getMetadata().getNamespace());
            if (b != null) {
                out.add(b);
            }
        }
        return out;
    }

    static Backend classify(String url, String ownNamespace) {
        URI uri;
        try {
            // Tool URLs carry {{placeholders}}; only the authority matters here.
            uri = URI.create(url.replaceAll("\\{\\{[^}]*}}", "x"));
        } catch (IllegalArgumentException e) {
            return null;
        }
        String host = uri.getHost();
        if (host == null) {
            return null;
        }
        host = host.toLowerCase(java.util.Locale.ROOT);
        int port = uri.getPort() > 0 ? uri.getPort() : switch (String.valueOf(uri.getScheme())) {
            case "https" -> 443;
            case "redis", "rediss" -> 6379;
            default -> 80;
        };
        if (host.startsWith("[") && host.endsWith("]")) {
            return new Backend(url, host.substring(1, host.length() - 1), null, port);
        }
        if (host.matches("^\\d{1,3}(\\.\\d{1,3}){3}$")) {
            return new Backend(url, host, null, port);
        }
        if (!host.contains(".")) {
            return new Backend(url, null, ownNamespace, port);
        }
        String[] labels = host.split("\\.");
        if (host.endsWith(".svc") || host.endsWith(".svc.cluster.local")) {
            return labels.length >= 3 ? new Backend(url, null, labels[1], port) : null;
        }
        return new Backend(url, null, null, port);
    }

    private static NetworkPolicyPeer namespace(String name) {
        return new NetworkPolicyPeerBuilder().withNewNamespaceSelector().addToMatchLabels(NAMESPACE_LABEL, name)
                .endNamespaceSelector().build();
    }

    private static NetworkPolicyPort port(IntOrString port, String protocol) {
        return new NetworkPolicyPortBuilder().withPort(port).withProtocol(protocol).build();
    }
}
