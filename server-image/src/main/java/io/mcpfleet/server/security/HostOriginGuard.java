package io.mcpfleet.server.security;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Defends against DNS rebinding: a request whose Host is not one of the names this server answers to, or
 * whose Origin is present and neither one of those names nor an allowed CORS origin, gets 403. With no
 * {@code allowedHosts} configured, a server bound to loopback answers only to loopback names; one bound
 * to all interfaces (a pod) accepts any Host and still refuses cross-origin browser requests.
 */
public final class HostOriginGuard implements Handler<RoutingContext> {

  private static final List<String> LOOPBACK = List.of("localhost", "127.0.0.1", "::1", "[::1]");

  private final List<String> hosts; // empty: any host
  private final List<String> origins;

  public HostOriginGuard(List<String> allowedHosts, List<String> allowedOrigins, String bindHost) {
    List<String> configured = allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
    this.hosts = configured.isEmpty() && isLoopback(bindHost) ? LOOPBACK : configured.contains("*") ? List.of() : configured;
    this.origins = List.copyOf(allowedOrigins);
  }

  @Override
  public void handle(RoutingContext rc) {
    // The Host header in HTTP/1.1; in HTTP/2 the :authority pseudo-header, which authority() reads.
    String hostHeader = rc.request().getHeader("Host");
    if (hostHeader == null && rc.request().authority() != null) {
      hostHeader = rc.request().authority().host();
    }
    String host = hostname(hostHeader);
    if (!hosts.isEmpty() && (host == null || !matches(host))) {
      forbid(rc, "Forbidden: Host '" + (hostHeader == null ? "" : hostHeader) + "' is not allowed");
      return;
    }
    String origin = rc.request().getHeader("Origin");
    if (origin != null && !originAllowed(origin, host)) {
      forbid(rc, "Forbidden: Origin '" + origin + "' is not allowed");
      return;
    }
    rc.next();
  }

  private boolean originAllowed(String origin, String host) {
    if (origins.contains(origin) || origins.contains("*")) {
      return true;
    }
    String originHost;
    try {
      originHost = URI.create(origin).getHost();
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (originHost == null) {
      return false; // "null" origins (sandboxed frames, file://) are never trusted
    }
    originHost = originHost.toLowerCase(Locale.ROOT);
    return hosts.isEmpty() ? originHost.equals(host) : matches(originHost);
  }

  private boolean matches(String host) {
    for (String allowed : hosts) {
      if (allowed.equals(host) || (allowed.startsWith("*.") && host.endsWith(allowed.substring(1)))) {
        return true;
      }
    }
    return false;
  }

  /** The name part of a Host header: {@code example.com:443} → example.com, {@code [::1]:80} → ::1. */
  static String hostname(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String h = header.trim().toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end < 0 ? null : h.substring(1, end);
    }
    int colon = h.indexOf(':');
    return colon < 0 ? h : h.substring(0, colon);
  }

  static boolean isLoopback(String bindHost) {
    return bindHost.equals("localhost") || bindHost.startsWith("127.") || bindHost.equals("::1") || bindHost.equals("[::1]");
  }

  private static void forbid(RoutingContext rc, String message) {
    rc.response().setStatusCode(403).putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("jsonrpc", "2.0").putNull("id")
            .put("error", new JsonObject().put("code", -32600).put("message", message)).toBuffer());
  }
}
