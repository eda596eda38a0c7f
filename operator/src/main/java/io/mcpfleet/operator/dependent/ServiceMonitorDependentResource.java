package io.mcpfleet.operator.dependent;

import java.util.Map;

import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitorBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.mcpfleet.operator.api.v1alpha1.McpServer;

/** Prometheus Operator ServiceMonitor {@code <name>}: scrapes /metrics on the Service's named port metrics. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class ServiceMonitorDependentResource extends CRUDKubernetesDependentResource<ServiceMonitor, McpServer> {

    public ServiceMonitorDependentResource() {
        super(ServiceMonitor.class);
    }

    @Override
    protected ResourceID targetSecondaryResourceID(McpServer primary, Context<McpServer> context) {
        return new ResourceID(primary.getMetadata().getName(), primary.getMetadata().getNamespace());
    }

    @Override
    protected ServiceMonitor desired(McpServer primary, Context<McpServer> context) {
        return build(primary);
    }

    public static boolean wanted(McpServer mcp) {
        var sm = mcp.getSpec().observability().serviceMonitor();
        return sm != null && sm.enabled();
    }

    public static ServiceMonitor build(McpServer mcp) {
        var sm = mcp.getSpec().observability().serviceMonitor();
        var meta = Labels.meta(mcp, mcp.getMetadata().getName());
        addLabels(meta.getLabels(), sm.labels());
        return new ServiceMonitorBuilder()
                .withMetadata(meta)
                .withNewSpec()
                .withNewSelector().withMatchLabels(Labels.selector(mcp)).endSelector()
                .addNewEndpoint().withPort(PodContract.METRICS_PORT_NAME).withPath("/metrics").withScheme("http")
                .withInterval(sm.interval()).endEndpoint()
                .endSpec()
                .build();
    }

    /** User labels (e.g. the one Prometheus selects by), never overriding the operator's own. */
    static void addLabels(Map<String, String> labels, Map<String, String> extra) {
        if (extra != null) {
            extra.forEach(labels::putIfAbsent);
        }
    }
}
