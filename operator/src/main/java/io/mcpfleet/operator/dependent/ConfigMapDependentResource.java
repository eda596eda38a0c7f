package io.mcpfleet.operator.dependent;

import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.mcpfleet.operator.api.v1alpha1.McpServer;

/** ConfigMap {@code <name>-config}: the spec as the server's configuration file (pod contract). */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class ConfigMapDependentResource extends CRUDKubernetesDependentResource<ConfigMap, McpServer> {

    public ConfigMapDependentResource() {
        super(ConfigMap.class);
    }

    @Override
    protected ConfigMap desired(McpServer primary, Context<McpServer> context) {
        return build(primary);
    }

    public static ConfigMap build(McpServer mcp) {
        return new ConfigMapBuilder()
                .withMetadata(Labels.meta(mcp, Labels.configMapName(mcp)))
                .withData(Map.of(ServerConfig.KEY, ServerConfig.render(mcp)))
                .build();
    }
}
