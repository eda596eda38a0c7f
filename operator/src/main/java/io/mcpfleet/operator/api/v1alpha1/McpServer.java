package io.mcpfleet.operator.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** A fleet of MCP servers: the spec is both what the operator reconciles and what each server pod reads. */
@Group(McpServer.GROUP)
@Version(McpServer.VERSION)
@Kind("McpServer")
@Singular("mcpserver")
@Plural("mcpservers")
@ShortNames("mcps")
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Replicas", jsonPath = ".status.replicas", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "URL", jsonPath = ".status.url", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class McpServer extends CustomResource<McpServerSpec, McpServerStatus> implements Namespaced {

    public static final String GROUP = "mcpfleet.io";
    public static final String VERSION = "v1alpha1";

    @Override
    protected McpServerSpec initSpec() {
        return McpServerSpec.empty();
    }

    @Override
    protected McpServerStatus initStatus() {
        return new McpServerStatus();
    }
}
