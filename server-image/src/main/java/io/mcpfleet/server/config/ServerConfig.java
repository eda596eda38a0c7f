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
    RateLimit rateLimit,
    Sessions sessions,
    AuthConfig auth,
    List<String> allowedHosts,
    List<String> allowedOrigins,
    Tls tls,
    Observability observability) {

  public ServerConfig withTls(Tls newTls) {
    return new ServerConfig(name, tools, listPageSize, resilience, rateLimit, sessions, auth, allowedHosts,
        allowedOrigins, newTls, observability);
  }

  /** Limits that keep one request, one caller or one failing backend from hurting the others. */
  public record Resilience(
      long maxRequestBodyBytes,
      Duration requestTimeout,
      Duration drainTimeout,
      int maxConcurrentRequests,
      int maxQueuedRequests,
      int breakerFailureThreshold,
      Duration breakerResetTimeout) {}

  /**
   * Token buckets: per caller (principal, or client IP when anonymous) and optionally one global bucket.
   * A null {@code requestsPerMinute} means no per-caller limit.
   */
  public record RateLimit(
      Integer requestsPerMinute,
      int burst,
      String key,
      Integer globalRequestsPerMinute,
      int globalBurst,
      String store,
      boolean failOpen,
      boolean trustForwardedFor) {

    public static final RateLimit OFF = new RateLimit(null, 0, "principal", null, 0, "local", true, false);
  }

  /** Handshake-era session storage; {@code redis} is null when no {@code sessions.redis.url} is set. */
  public record Sessions(String store, Duration ttl, Redis redis) {}

  /**
   * The Redis that the {@code redis} session store and rate limiter share. The password is read from
   * {@code passwordFile} when it exists (it must exist when {@code passwordFileRequired}); never from here.
   */
  public record Redis(String url, java.nio.file.Path passwordFile, boolean passwordFileRequired, Duration timeout,
      String keyPrefix) {

    public static final String DEFAULT_PASSWORD_FILE = "/etc/mcp-fleet/redis/password";

    /** The URL without any user or password, for logs. */
    public String redactedUrl() {
      int at = url.indexOf('@');
      int scheme = url.indexOf("://");
      return at < 0 || scheme < 0 || at < scheme ? url : url.substring(0, scheme + 3) + "***@" + url.substring(at + 1);
    }
  }

  /** PEM certificate and key to serve HTTPS with; null files mean plain HTTP. */
  public record Tls(String certFile, String keyFile) {
    public boolean enabled() {
      return certFile != null && keyFile != null;
    }
  }

  /** Logs, audit trail and traces. */
  public record Observability(
      String logLevel,
      boolean accessLog,
      boolean audit,
      boolean auditArguments,
      String otlpEndpoint,
      String serviceName) {}
}
