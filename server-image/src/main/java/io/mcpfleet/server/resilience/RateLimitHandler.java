package io.mcpfleet.server.resilience;

import io.mcpfleet.server.mcp.McpException;
import io.mcpfleet.server.security.Principal;
import io.mcpfleet.server.transport.StreamableHttpTransport;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The rate-limit step of the chain: decides the caller's key (its principal, or its client IP when
 * anonymous or when configured so), then takes a token from the global and the per-caller bucket.
 */
public final class RateLimitHandler implements Handler<RoutingContext> {

  private static final java.util.regex.Pattern IP = java.util.regex.Pattern.compile("[0-9A-Fa-f:.]{2,45}");

  private final RateLimits limits;
  private final boolean trustForwardedFor;

  public RateLimitHandler(RateLimits limits, boolean trustForwardedFor) {
    this.limits = limits;
    this.trustForwardedFor = trustForwardedFor;
  }

  @Override
  public void handle(RoutingContext rc) {
    if (rc.request().method().name().equals("OPTIONS")) {
      rc.next();
      return;
    }
    String key = callerKey(rc);
    rc.put(StreamableHttpTransport.CLIENT_KEY, key);
    if (!limits.active()) {
      rc.next();
      return;
    }
    limits.admit(key).onComplete(ar -> {
      if (ar.succeeded()) {
        rc.next();
        return;
      }
      if (!(ar.cause() instanceof McpException e)) {
        rc.fail(ar.cause());
        return;
      }
      // 429 when a bucket is empty; 503 when a shared limiter cannot answer and fails closed.
      RateLimits.applyHeaders(rc.response(), e);
      rc.response().setStatusCode(e.httpStatus()).putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("jsonrpc", "2.0").putNull("id")
              .put("error", new JsonObject().put("code", e.code()).put("message", e.getMessage()).put("data", e.data()))
              .toBuffer());
    });
  }

  private String callerKey(RoutingContext rc) {
    Principal p = rc.get(Principal.KEY);
    if (p != null && !p.isAnonymous() && !limits.keyByIp()) {
      return "p:" + p.subject();
    }
    if (trustForwardedFor) {
      // The proxy in front appends the address it saw: the last entry. Earlier entries are whatever the client
      // wrote, so keying on them would let anyone pick a fresh bucket per request.
      String xff = rc.request().getHeader("X-Forwarded-For");
      if (xff != null) {
        String last = xff.substring(xff.lastIndexOf(',') + 1).trim();
        if (IP.matcher(last).matches()) {
          return "ip:" + last;
        }
      }
    }
    return "ip:" + rc.request().remoteAddress().hostAddress();
  }
}
