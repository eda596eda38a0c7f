package io.mcpfleet.operator.dependent;

/** Constants of docs/pod-contract.md: the agreement between the operator and the server image. */
public final class PodContract {

    public static final String MCP_PORT_NAME = "mcp";
    public static final int MCP_PORT = 8080;
    public static final int MCP_TLS_PORT = 8443;
    public static final String METRICS_PORT_NAME = "metrics";
    public static final int METRICS_PORT = 9090;

    public static final String JWKS_KEY = "jwks.json";
    public static final String JWT_DIR = "/etc/mcp-fleet/jwt";
    public static final String TLS_DIR = "/etc/mcp-fleet/tls";
    public static final String REDIS_DIR = "/etc/mcp-fleet/redis";
    public static final String API_KEYS_DIR = "/etc/mcp-fleet/apikeys";
    public static final String HEADERS_DIR = "/etc/mcp-fleet/secrets";

    public static final String HEALTH_PATH = "/health";
    public static final String READY_PATH = "/ready";

    /** Grace beyond the server's own drain, so the kubelet never kills a pod mid-drain. */
    public static final long DRAIN_MARGIN_SECONDS = 10;

    private PodContract() {
    }
}
