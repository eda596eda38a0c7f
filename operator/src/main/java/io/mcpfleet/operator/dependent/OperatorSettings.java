package io.mcpfleet.operator.dependent;

/** Operator-wide inputs of the desired state that do not come from an McpServer. */
public record OperatorSettings(String serverImage) {

    /** Used by the offline render command and plain-JOSDK tests, where no CDI configuration exists. */
    public static final OperatorSettings DEFAULT = new OperatorSettings(defaultImage());

    static String defaultImage() {
        String version = OperatorSettings.class.getPackage().getImplementationVersion();
        return "ghcr.io/mcp-fleet/mcp-fleet-server:" + (version != null ? version : "0.1.0-SNAPSHOT");
    }
}
