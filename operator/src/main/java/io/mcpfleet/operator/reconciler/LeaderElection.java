package io.mcpfleet.operator.reconciler;

import java.util.Optional;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.arc.Unremovable;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;

/**
 * Leader election over a Lease, so a second operator replica (or a rolling update) never reconciles alongside the
 * first. QOSDK activates it in the prod profile; the Lease lives in the operator's namespace (inferred in a pod,
 * the kubeconfig namespace under {@code make run}) unless mcp-fleet.leader-election.lease-namespace says otherwise.
 */
// Unremovable: QOSDK looks the bean up programmatically, so ArC would otherwise drop it as unused.
@Singleton
@Unremovable
public class LeaderElection extends LeaderElectionConfiguration {

    public LeaderElection() {
        super("mcp-fleet-operator-lease", leaseNamespace());
    }

    private static String leaseNamespace() {
        Optional<String> ns = ConfigProvider.getConfig().getOptionalValue("mcp-fleet.leader-election.lease-namespace",
                String.class);
        return ns.orElse(null);
    }
}
