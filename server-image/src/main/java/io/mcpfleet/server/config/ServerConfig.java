package io.mcpfleet.server.config;

import java.time.Duration;
import java.util.List;

/**
 * What the server acts on, read from an McpServer {@code spec}. Keys that only the operator uses
 * (replicas, image, ingress, ...) are not represented here: the server accepts and ignores them.
 */
public record ServerConfig(
    String name,
    List<ToolSpec> tools,
    int listPageSize,
    Resilience resilience,
    Sessions sessions,
    AuthConfig auth,
    List<String> allowedHosts,
    List<String> allowedOrigins,
    String logLevel) {

  /** Limits that keep one request from hurting the others. */
  public record Resilience(long maxRequestBodyBytes, Duration requestTimeout, Duration drainTimeout) {}

  /** Handshake-era session storage. */
  public record Sessions(String store, Duration ttl) {}
}
