package io.mcpfleet.operator.dependent;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.fabric8.certmanager.api.model.v1.Certificate;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;

/**
 * Whether the cluster has the CRD of an optional child (cert-manager, Prometheus Operator). A present CRD is
 * remembered; an absent one is asked again after {@link #RECHECK}, so installing cert-manager later is noticed
 * without restarting the operator (the reconciler reschedules McpServers that wait for a CRD).
 * <p>
 * A static cache, keyed by API server: java-operator-sdk instantiates workflow conditions itself, so they cannot
 * share an injected bean, and this answer is the same for every McpServer of one cluster.
 */
public final class CrdPresence {

    public static final Duration RECHECK = Duration.ofSeconds(60);

    private record Seen(boolean present, Instant at) {
    }

    private static final Map<String, Seen> SEEN = new ConcurrentHashMap<>();

    private CrdPresence() {
    }

    public static String crdName(Class<? extends HasMetadata> kind) {
        return HasMetadata.getFullResourceName(kind);
    }

    public static boolean certManager(KubernetesClient client) {
        return present(client, Certificate.class);
    }

    public static boolean serviceMonitors(KubernetesClient client) {
        return present(client, ServiceMonitor.class);
    }

    public static boolean prometheusRules(KubernetesClient client) {
        return present(client, PrometheusRule.class);
    }

    public static boolean present(KubernetesClient client, Class<? extends HasMetadata> kind) {
        String crd = crdName(kind);
        String key = client.getMasterUrl() + "|" + crd;
        Instant now = Instant.now();
        Seen seen = SEEN.get(key);
        if (seen != null && (seen.present() || seen.at().plus(RECHECK).isAfter(now))) {
            return seen.present();
        }
        boolean present;
        try {
            present = client.resources(CustomResourceDefinition.class).withName(crd).get() != null;
        } catch (KubernetesClientException e) {
            // No permission to read CRDs (a narrowed ClusterRole): try the child's API instead; 404 means absent.
            present = probeApi(client, kind);
        }
        SEEN.put(key, new Seen(present, now));
        return present;
    }

    private static boolean probeApi(KubernetesClient client, Class<? extends HasMetadata> kind) {
        try {
            return client.supports(kind);
        } catch (KubernetesClientException e) {
            return false;
        }
    }

    /** Tests install and remove CRDs on one mock server; this forgets what was seen. */
    public static void forget() {
        SEEN.clear();
    }
}
