package io.mcpfleet.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.mcpfleet.operator.testing.Repo;

/** config/rbac grants what the operator's children need, and no more than the operator does with McpServers. */
class InstallManifestsTest {

    @Test
    void clusterRoleCoversEveryChildKindAndOnlyReadsMcpServers() throws Exception {
        JsonNode role = new YAMLMapper().readTree(Files.readString(Repo.root().resolve("config/rbac/role.yaml")));
        List<String> grants = new ArrayList<>();
        for (JsonNode rule : role.get("rules")) {
            for (JsonNode group : rule.get("apiGroups")) {
                for (JsonNode resource : rule.get("resources")) {
                    for (JsonNode verb : rule.get("verbs")) {
                        grants.add(group.asText() + "/" + resource.asText() + ":" + verb.asText());
                    }
                }
            }
        }
        for (String child : List.of("/configmaps", "/secrets", "/services", "/serviceaccounts", "apps/deployments",
                "policy/poddisruptionbudgets", "networking.k8s.io/ingresses", "autoscaling/horizontalpodautoscalers",
                "networking.k8s.io/networkpolicies", "cert-manager.io/certificates", "monitoring.coreos.com/servicemonitors",
                "monitoring.coreos.com/prometheusrules")) {
            for (String verb : List.of("get", "list", "watch", "create", "patch", "update", "delete")) {
                assertThat(grants).contains(child + ":" + verb);
            }
        }
        assertThat(grants).contains("apiextensions.k8s.io/customresourcedefinitions:get");
        assertThat(grants).noneMatch(g -> g.startsWith("apiextensions.k8s.io/") && !g.endsWith(":get"));
        assertThat(grants).contains("mcpfleet.io/mcpservers:watch", "mcpfleet.io/mcpservers/status:patch", "/events:create");
        assertThat(grants).noneMatch(g -> g.startsWith("mcpfleet.io/mcpservers:") && !g.endsWith(":get")
                && !g.endsWith(":list") && !g.endsWith(":watch"));
        assertThat(grants).noneMatch(g -> g.contains("*"));
    }
}
