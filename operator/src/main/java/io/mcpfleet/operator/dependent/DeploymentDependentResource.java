package io.mcpfleet.operator.dependent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.mcpfleet.operator.api.v1alpha1.McpServer;
import io.mcpfleet.operator.api.v1alpha1.McpServerSpec;
import io.mcpfleet.operator.api.v1alpha1.spec.Durations;
import io.mcpfleet.operator.api.v1alpha1.spec.Tool;
import io.mcpfleet.operator.api.v1alpha1.spec.UpstreamContainer;

/** Deployment {@code <name>}: the hardened server pods, configured only through mounted files and env. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class DeploymentDependentResource extends CRUDKubernetesDependentResource<Deployment, McpServer> {

    public static final String CONFIG_HASH_ANNOTATION = "mcpfleet.io/config-hash";
    public static final String SERVER_CONTAINER = "server";

    @Inject
    OperatorSettings settings;

    public DeploymentDependentResource() {
        super(Deployment.class);
    }

    @Override
    protected Deployment desired(McpServer primary, Context<McpServer> context) {
        Integer current = context.getSecondaryResource(Deployment.class)
                .map(d -> d.getSpec() != null ? d.getSpec().getReplicas() : null).orElse(null);
        return build(primary, settings != null ? settings : OperatorSettings.DEFAULT, current);
    }

    public static Deployment build(McpServer mcp, OperatorSettings settings) {
        return build(mcp, settings, null);
    }

    /**
     * The replica count to write. Without autoscaling, the spec's. With it, whatever the Deployment has now (the
     * HorizontalPodAutoscaler's or a user's last scale), only clamped into the autoscaler's bounds: writing it back
     * unchanged means the operator never moves the count, and a fleet that turns autoscaling on keeps its pods
     * instead of falling to the default of 1 before the autoscaler's first sync. A new Deployment starts at
     * minReplicas.
     */
    public static int replicas(McpServer mcp, Integer current) {
        var a = mcp.getSpec().autoscaling();
        if (a == null) {
            return mcp.getSpec().replicas();
        }
        if (current == null) {
            return a.minReplicas();
        }
        return Math.max(a.minReplicas(), Math.min(a.maxReplicas(), current));
    }

    public static Deployment build(McpServer mcp, OperatorSettings settings, Integer currentReplicas) {
        McpServerSpec spec = mcp.getSpec();
        String name = mcp.getMetadata().getName();
        String configHash = ServerConfig.hash(ServerConfig.render(mcp));
        long drainSeconds = Durations.parse(spec.resilience().drainTimeout()).toSeconds();

        Map<String, String> podAnnotations = new LinkedHashMap<>();
        podAnnotations.put(CONFIG_HASH_ANNOTATION, configHash);

        List<Container> containers = new ArrayList<>();
        containers.add(serverContainer(mcp, settings));
        var upstreamHttp = spec.upstream() != null ? spec.upstream().http() : null;
        if (upstreamHttp != null && upstreamHttp.container() != null) {
            containers.add(upstreamContainer(upstreamHttp.container(), upstreamHttp.port()));
        }

        return new DeploymentBuilder()
                .withMetadata(Labels.meta(mcp, name))
                .withNewSpec()
                .withReplicas(replicas(mcp, currentReplicas))
                .withRevisionHistoryLimit(3)
                .withNewSelector().withMatchLabels(Labels.selector(mcp)).endSelector()
                // Surge first, never drop below the desired count: a single-replica server keeps serving while it rolls.
                .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withMaxSurge(new IntOrString("25%")).withMaxUnavailable(new IntOrString(0))
                .endRollingUpdate().endStrategy()
                .withNewTemplate()
                .withNewMetadata().withLabels(Labels.common(mcp)).withAnnotations(podAnnotations).endMetadata()
                .withNewSpec()
                .withServiceAccountName(name)
                .withAutomountServiceAccountToken(false)
                .withEnableServiceLinks(false)
                .withTerminationGracePeriodSeconds(drainSeconds + PodContract.DRAIN_MARGIN_SECONDS)
                .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext()
                .withContainers(containers)
                .withVolumes(volumes(mcp))
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    private static Container serverContainer(McpServer mcp, OperatorSettings settings) {
        McpServerSpec spec = mcp.getSpec();
        boolean tls = spec.tls() != null;
        int port = tls ? PodContract.MCP_TLS_PORT : PodContract.MCP_PORT;
        String scheme = tls ? "HTTPS" : "HTTP";
        String image = spec.image() == null || spec.image().isBlank() ? settings.serverImage() : spec.image();

        List<EnvVar> env = new ArrayList<>(List.of(
                new EnvVar("MCP_FLEET_CONFIG", ServerConfig.PATH, null),
                new EnvVar("MCP_FLEET_HOST", "0.0.0.0", null),
                new EnvVar("MCP_FLEET_PORT", Integer.toString(port), null),
                // JAVA_TOOL_OPTIONS is left to the image: it sizes the heap from the memory limit and keeps Vert.x's
                // file cache on the writable /tmp; setting it here would replace those flags.
                new EnvVar("MCP_FLEET_LOG_LEVEL", spec.observability().logLevel(), null)));
        if (tls) {
            env.add(new EnvVar("MCP_FLEET_TLS_DIR", PodContract.TLS_DIR, null));
        }

        return new ContainerBuilder()
                .withName(SERVER_CONTAINER)
                .withImage(image)
                .withImagePullPolicy(image.endsWith(":latest") || image.endsWith("-SNAPSHOT") ? "Always" : "IfNotPresent")
                .addNewPort().withName(PodContract.MCP_PORT_NAME).withContainerPort(port).withProtocol("TCP").endPort()
                .addNewPort().withName(PodContract.METRICS_PORT_NAME).withContainerPort(PodContract.METRICS_PORT)
                .withProtocol("TCP").endPort()
                .withEnv(env)
                .withResources(resources(spec.resources()))
                // The JVM may take a while to start on a busy node; the startup probe keeps liveness from killing it.
                .withStartupProbe(probe(PodContract.HEALTH_PATH, scheme, 2, 30))
                .withLivenessProbe(probe(PodContract.HEALTH_PATH, scheme, 10, 3))
                .withReadinessProbe(probe(PodContract.READY_PATH, scheme, 5, 2))
                .withSecurityContext(restricted())
                .withVolumeMounts(mounts(mcp))
                .build();
    }

    private static Container upstreamContainer(UpstreamContainer c, Integer port) {
        ContainerBuilder b = new ContainerBuilder()
                .withName("upstream")
                .withImage(c.image())
                .withCommand(c.command())
                .withArgs(c.args())
                .withSecurityContext(restricted())
                .withResources(c.resources());
        if (port != null) {
            b.addNewPort().withName("upstream").withContainerPort(port).withProtocol("TCP").endPort();
        }
        if (c.env() != null) {
            c.env().forEach((k, v) -> b.addNewEnv().withName(k).withValue(v).endEnv());
        }
        return b.build();
    }

    static SecurityContext restricted() {
        return new SecurityContextBuilder()
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withRunAsNonRoot(true)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .build();
    }

    private static Probe probe(String path, String scheme, int period, int failures) {
        return new ProbeBuilder()
                .withNewHttpGet().withPath(path).withPort(new IntOrString(PodContract.MCP_PORT_NAME)).withScheme(scheme)
                .endHttpGet()
                .withPeriodSeconds(period)
                .withFailureThreshold(failures)
                .withTimeoutSeconds(2)
                .build();
    }

    static ResourceRequirements resources(ResourceRequirements given) {
        if (given != null && ((given.getRequests() != null && !given.getRequests().isEmpty())
                || (given.getLimits() != null && !given.getLimits().isEmpty()))) {
            return given;
        }
        return new ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity("100m"))
                .addToRequests("memory", new Quantity("256Mi"))
                .addToLimits("memory", new Quantity("512Mi"))
                .build();
    }

    /** Distinct Secrets named by tools' http.headersFrom, in first-use order. */
    static Set<String> headerSecrets(McpServerSpec spec) {
        Set<String> names = new LinkedHashSet<>();
        for (Tool tool : spec.tools()) {
            if (tool.http() != null && tool.http().headersFrom() != null) {
                names.add(tool.http().headersFrom().secretName());
            }
        }
        return names;
    }

    private static List<VolumeMount> mounts(McpServer mcp) {
        McpServerSpec spec = mcp.getSpec();
        List<VolumeMount> mounts = new ArrayList<>();
        mounts.add(mount("config", ServerConfig.MOUNT_DIR));
        // The JVM and Vert.x need a writable /tmp on a read-only root filesystem.
        mounts.add(new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build());
        if ("jwt".equals(spec.auth().mode())) {
            mounts.add(mount("jwt", PodContract.JWT_DIR));
        }
        if ("apiKey".equals(spec.auth().mode())) {
            mounts.add(mount("apikeys", PodContract.API_KEYS_DIR));
        }
        if (spec.tls() != null) {
            mounts.add(mount("tls", PodContract.TLS_DIR));
        }
        if (spec.sessions().redis() != null && spec.sessions().redis().secretName() != null) {
            mounts.add(mount("redis", PodContract.REDIS_DIR));
        }
        int i = 0;
        for (String secret : headerSecrets(spec)) {
            mounts.add(mount("headers-" + i++, PodContract.HEADERS_DIR + "/" + secret));
        }
        return mounts;
    }

    private static VolumeMount mount(String name, String path) {
        return new VolumeMountBuilder().withName(name).withMountPath(path).withReadOnly(true).build();
    }

    private static List<Volume> volumes(McpServer mcp) {
        McpServerSpec spec = mcp.getSpec();
        List<Volume> volumes = new ArrayList<>();
        volumes.add(new VolumeBuilder().withName("config").withNewConfigMap().withName(Labels.configMapName(mcp))
                .endConfigMap().build());
        volumes.add(new VolumeBuilder().withName("tmp").withNewEmptyDir().withSizeLimit(new Quantity("64Mi"))
                .endEmptyDir().build());
        if ("jwt".equals(spec.auth().mode())) {
            String secret = spec.auth().operatorOwnsKeys() ? Labels.verifySecretName(mcp) : spec.auth().jwt().secretName();
            volumes.add(secretVolume("jwt", secret));
        }
        if ("apiKey".equals(spec.auth().mode())) {
            volumes.add(secretVolume("apikeys", spec.auth().apiKey().secretName()));
        }
        if (spec.tls() != null) {
            String secret = spec.tls().secretName() != null ? spec.tls().secretName() : Labels.certificateSecretName(mcp);
            volumes.add(secretVolume("tls", secret));
        }
        if (spec.sessions().redis() != null && spec.sessions().redis().secretName() != null) {
            volumes.add(secretVolume("redis", spec.sessions().redis().secretName()));
        }
        int i = 0;
        for (String secret : headerSecrets(spec)) {
            volumes.add(secretVolume("headers-" + i++, secret));
        }
        return volumes;
    }

    private static Volume secretVolume(String name, String secretName) {
        return new VolumeBuilder().withName(name).withNewSecret().withSecretName(secretName).endSecret().build();
    }
}
