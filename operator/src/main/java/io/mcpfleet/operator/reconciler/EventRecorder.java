package io.mcpfleet.operator.reconciler;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.mcpfleet.operator.api.v1alpha1.McpServer;

/** Writes Kubernetes Events on an McpServer, for what on-call reads in {@code kubectl describe mcps}. */
@ApplicationScoped
public class EventRecorder {

    private static final Logger LOG = Logger.getLogger(EventRecorder.class);

    public void normal(KubernetesClient client, McpServer mcp, String reason, String message) {
        record(client, mcp, "Normal", reason, message);
    }

    public void warning(KubernetesClient client, McpServer mcp, String reason, String message) {
        record(client, mcp, "Warning", reason, message);
    }

    private void record(KubernetesClient client, McpServer mcp, String type, String reason, String message) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        Event event = new EventBuilder()
                .withNewMetadata()
                .withGenerateName(mcp.getMetadata().getName() + ".")
                .withNamespace(mcp.getMetadata().getNamespace())
                .endMetadata()
                .withNewInvolvedObject()
                .withApiVersion(mcp.getApiVersion()).withKind(mcp.getKind())
                .withName(mcp.getMetadata().getName()).withNamespace(mcp.getMetadata().getNamespace())
                .withUid(mcp.getMetadata().getUid()).withResourceVersion(mcp.getMetadata().getResourceVersion())
                .endInvolvedObject()
                .withType(type).withReason(reason).withMessage(message.length() > 1024 ? message.substring(0, 1021) + "..." : message)
                .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                .withNewSource().withComponent("mcp-fleet-operator").endSource()
                .withReportingComponent("mcpfleet.io/operator")
                .build();
        try {
            client.v1().events().inNamespace(mcp.getMetadata().getNamespace()).resource(event).create();
        } catch (KubernetesClientException e) {
            // An Event is a courtesy: losing one must not fail the reconcile.
            LOG.debugf("could not record event %s on %s: %s", reason, mcp.getMetadata().getName(), e.getMessage());
        }
    }
}
