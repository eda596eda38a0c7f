package io.mcpfleet.operator.render;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.mcpfleet.operator.api.v1alpha1.McpServer;
import io.mcpfleet.operator.api.v1alpha1.SpecValidator;
import io.mcpfleet.operator.dependent.CertificateDependentResource;
import io.mcpfleet.operator.dependent.ConfigMapDependentResource;
import io.mcpfleet.operator.dependent.NetworkPolicyDependentResource;
import io.mcpfleet.operator.dependent.PrometheusRuleDependentResource;
import io.mcpfleet.operator.dependent.ServiceMonitorDependentResource;
import io.mcpfleet.operator.dependent.DeploymentDependentResource;
import io.mcpfleet.operator.dependent.HorizontalPodAutoscalerDependentResource;
import io.mcpfleet.operator.dependent.IngressDependentResource;
import io.mcpfleet.operator.dependent.Labels;
import io.mcpfleet.operator.dependent.OperatorSettings;
import io.mcpfleet.operator.dependent.PodDisruptionBudgetDependentResource;
import io.mcpfleet.operator.dependent.ServiceAccountDependentResource;
import io.mcpfleet.operator.dependent.ServiceDependentResource;

/** The offline {@code render} command: the manifests the operator would create, from the same pure functions. */
public final class Render {

    private static final String USAGE = """
            usage: render -f FILE [-n NAMESPACE] [--image IMAGE]
              Prints the Kubernetes objects the operator creates for each McpServer in FILE (YAML, '-' for stdin).
              No cluster is contacted. Generated JWT key Secrets are not printed: the operator creates them in the
              cluster, so private keys never pass through Git.""";

    private Render() {
    }

    /** Runs the command; returns the process exit code. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        String file = null;
        String namespace = "default";
        String image = OperatorSettings.DEFAULT.serverImage();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            boolean hasValue = i + 1 < args.size();
            switch (a) {
                case "-f", "--file" -> file = hasValue ? args.get(++i) : null;
                case "-n", "--namespace" -> namespace = hasValue ? args.get(++i) : namespace;
                case "--image" -> image = hasValue ? args.get(++i) : image;
                case "-h", "--help" -> {
                    out.println(USAGE);
                    return 0;
                }
                default -> {
                    err.println("render: unknown argument " + a);
                    err.println(USAGE);
                    return 2;
                }
            }
        }
        if (file == null) {
            err.println(USAGE);
            return 2;
        }
        List<McpServer> servers;
        try (InputStream in = "-".equals(file) ? System.in : Files.newInputStream(Path.of(file))) {
            servers = read(in);
        } catch (IOException | RuntimeException e) {
            err.println("render: cannot read " + file + ": " + e.getMessage());
            return 1;
        }
        if (servers.isEmpty()) {
            err.println("render: no McpServer in " + file);
            return 1;
        }
        int status = 0;
        StringBuilder yaml = new StringBuilder();
        for (McpServer mcp : servers) {
            if (mcp.getMetadata().getNamespace() == null) {
                mcp.getMetadata().setNamespace(namespace);
            }
            List<String> errors = SpecValidator.validate(mcp.getSpec());
            if (!errors.isEmpty()) {
                err.println("render: McpServer " + mcp.getMetadata().getName() + " is invalid:");
                errors.forEach(e -> err.println("  - " + e));
                status = 1;
                continue;
            }
            yaml.append(render(mcp, new OperatorSettings(image)));
        }
        out.print(yaml);
        return status;
    }

    /** All McpServers in a YAML stream (one or more documents; other kinds are skipped). */
    public static List<McpServer> read(InputStream in) {
        KubernetesSerialization serialization = new KubernetesSerialization();
        serialization.registerKubernetesResource(McpServer.class);
        Object parsed = serialization.unmarshal(in);
        List<McpServer> out = new ArrayList<>();
        collect(parsed, out);
        return out;
    }

    private static void collect(Object parsed, List<McpServer> out) {
        if (parsed instanceof McpServer mcp) {
            out.add(mcp);
        } else if (parsed instanceof KubernetesResourceList<?> list) {
            list.getItems().forEach(item -> collect(item, out));
        } else if (parsed instanceof List<?> list) {
            list.forEach(item -> collect(item, out));
        } else if (parsed instanceof KubernetesResource) {
            // another kind: not ours to render
        }
    }

    /** The children of one McpServer as a multi-document YAML, in the order the operator creates them. */
    public static String render(McpServer mcp, OperatorSettings settings) {
        List<HasMetadata> objects = objects(mcp, settings);
        objects.forEach(o -> forGitOps(o, mcp));
        KubernetesSerialization serialization = new KubernetesSerialization();
        StringBuilder sb = new StringBuilder();
        sb.append("# McpServer ").append(mcp.getMetadata().getNamespace()).append('/').append(mcp.getMetadata().getName())
                .append(": rendered by mcp-fleet-operator render\n");
        if (mcp.getSpec().auth().operatorOwnsKeys()) {
            sb.append("# Secrets ").append(Labels.signingSecretName(mcp)).append(" and ").append(Labels.verifySecretName(mcp))
                    .append(" (JWT keys) are generated by the operator in the cluster and not rendered.\n");
        }
        for (HasMetadata o : objects) {
            String doc = serialization.asYaml(o);
            sb.append(doc.startsWith("---") ? doc : "---\n" + doc);
            if (!doc.endsWith("\n")) {
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    /**
     * With autoscaling the HorizontalPodAutoscaler owns the replica count: a rendered Deployment that names one would
     * have a GitOps tool reset the fleet to it on every sync, so the rendered form leaves it out.
     */
    private static void forGitOps(HasMetadata object, McpServer mcp) {
        if (object instanceof io.fabric8.kubernetes.api.model.apps.Deployment deployment
                && mcp.getSpec().autoscaling() != null) {
            deployment.getSpec().setReplicas(null);
        }
    }

    public static List<HasMetadata> objects(McpServer mcp, OperatorSettings settings) {
        List<HasMetadata> objects = new ArrayList<>();
        objects.add(ConfigMapDependentResource.build(mcp));
        objects.add(ServiceAccountDependentResource.build(mcp));
        objects.add(DeploymentDependentResource.build(mcp, settings));
        objects.add(ServiceDependentResource.build(mcp));
        if (PodDisruptionBudgetDependentResource.wanted(mcp)) {
            objects.add(PodDisruptionBudgetDependentResource.build(mcp));
        }
        if (IngressDependentResource.wanted(mcp)) {
            objects.add(IngressDependentResource.build(mcp));
        }
        if (HorizontalPodAutoscalerDependentResource.wanted(mcp)) {
            objects.add(HorizontalPodAutoscalerDependentResource.build(mcp));
        }
        if (NetworkPolicyDependentResource.wanted(mcp)) {
            objects.add(NetworkPolicyDependentResource.build(mcp));
        }
        // The kinds below need cert-manager or the Prometheus Operator; the operator skips them where absent.
        if (CertificateDependentResource.wanted(mcp)) {
            objects.add(CertificateDependentResource.build(mcp));
        }
        if (ServiceMonitorDependentResource.wanted(mcp)) {
            objects.add(ServiceMonitorDependentResource.build(mcp));
        }
        if (PrometheusRuleDependentResource.wanted(mcp)) {
            objects.add(PrometheusRuleDependentResource.build(mcp));
        }
        return objects;
    }
}
