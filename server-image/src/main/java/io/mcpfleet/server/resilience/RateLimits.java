package io.mcpfleet.server.resilience;

import io.mcpfleet.server.config.ServerConfig;
import io.mcpfleet.server.mcp.JsonRpc;
import io.mcpfleet.server.mcp.McpException;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/**
 * The configured limits and how a refusal looks on the wire: HTTP 429, {@code Retry-After}, the IETF
 * {@code RateLimit}/{@code RateLimit-Policy} headers, and a JSON-RPC error whose data carries the limit.
 */
public final class RateLimits {

  private final RateLimiter limiter;
  private final RateLimiter.Limit perCaller;
  private final RateLimiter.Limit global;
  private final boolean byIp;
  private final Refusals refusals;

  /** Counts refusals by scope (global, caller, tool) for metrics. */
  @FunctionalInterface
  public interface Refusals {
    void record(String scope);
  }

  public RateLimits(RateLimiter limiter, ServerConfig.RateLimit config, Refusals refusals) {
    this.limiter = limiter;
    this.perCaller = config.requestsPerMinute() == null ? null
        : new RateLimiter.Limit("caller", config.requestsPerMinute(), config.burst());
    this.global = config.globalRequestsPerMinute() == null ? null
        : new RateLimiter.Limit("global", config.globalRequestsPerMinute(), config.globalBurst());
    this.byIp = "ip".equals(config.key());
    this.refusals = refusals;
  }

  public boolean active() {
    return perCaller != null || global != null;
  }

  public boolean keyByIp() {
    return byIp;
  }

  /** The per-caller and global buckets, in that order; fails with a 429 {@link McpException}. */
  public Future<Void> admit(String callerKey) {
    // The caller's own bucket first: a caller already over its limit must not also spend the global bucket
    // (one flooding client would otherwise push everyone else into 429s).
    Future<Void> f = Future.succeededFuture();
    if (perCaller != null) {
      f = f.compose(v -> check("caller:" + callerKey, perCaller, "caller"));
    }
    if (global != null) {
      f = f.compose(v -> check("global", global, "global"));
    }
    return f;
  }

  /** A tool's own bucket, per caller: one chatty caller cannot use up a tool for everyone. */
  public Future<Void> admitTool(String tool, int requestsPerMinute, int burst, String callerKey) {
    return check("tool:" + tool + ":" + callerKey, new RateLimiter.Limit("tool", requestsPerMinute, burst), "tool");
  }

  private Future<Void> check(String key, RateLimiter.Limit limit, String scope) {
    return limiter.acquire(key, limit).compose(d -> {
      if (d.allowed()) {
        return Future.succeededFuture();
      }
      refusals.record(scope);
      return Future.failedFuture(new McpException(429, JsonRpc.RATE_LIMITED,
          "Rate limit exceeded (" + scope + ": " + limit.requestsPerMinute() + " requests per minute); retry in "
              + d.retryAfterSeconds() + "s",
          new JsonObject().put("scope", scope).put("limit", limit.requestsPerMinute()).put("windowSeconds", 60)
              .put("retryAfterSeconds", d.retryAfterSeconds())));
    });
  }

  /** Sets the headers that go with a 429 built by this class (and the Retry-After of a 503 from a shared limiter). */
  public static void applyHeaders(HttpServerResponse response, McpException e) {
    if (e.httpStatus() == 503 && e.data() instanceof JsonObject data && data.containsKey("retryAfterSeconds")) {
      response.putHeader("Retry-After", Long.toString(data.getLong("retryAfterSeconds", 1L)));
      return;
    }
    if (e.httpStatus() != 429 || !(e.data() instanceof JsonObject data)) {
      return;
    }
    long retry = data.getLong("retryAfterSeconds", 1L);
    String scope = data.getString("scope", "default");
    response.putHeader("Retry-After", Long.toString(retry));
    response.putHeader("RateLimit-Policy", "\"" + scope + "\";q=" + data.getInteger("limit") + ";w=60");
    response.putHeader("RateLimit", "\"" + scope + "\";r=0;t=" + retry);
  }
}
