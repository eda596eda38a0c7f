package io.mcpfleet.server;

import io.mcpfleet.server.observability.RequestLog;
import io.mcpfleet.server.resilience.RateLimitHandler;
import io.mcpfleet.server.security.AuthHandler;
import io.mcpfleet.server.security.HostOriginGuard;
import io.mcpfleet.server.security.SecurityHeaders;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP server instance (Vert.x deploys one per event loop, all sharing the port). The routes read top
 * to bottom in the order a request meets them: request id and access log, security headers, Host/Origin
 * check, CORS, body limit, auth, rate limit, backpressure, then the MCP transport (whose dispatcher applies
 * per-tool roles, per-tool limits, timeouts and circuit breakers).
 */
final class McpServerVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(McpServerVerticle.class);

  private final ServerRuntime runtime;
  private HttpServer server;

  McpServerVerticle(ServerRuntime runtime) {
    this.runtime = runtime;
  }

  @Override
  public Future<?> start() {
    var config = runtime.config();
    Router router = Router.router(vertx);
    router.route().handler(new RequestLog(config.observability().accessLog()));
    router.route().handler(new SecurityHeaders(config.tls().enabled()));
    router.get("/health").handler(rc -> json(rc, 200, runtime.health()));
    router.get("/ready").handler(this::ready);
    runtime.authenticator().mount(router);
    router.route("/mcp").handler(new HostOriginGuard(config.allowedHosts(), config.allowedOrigins(), runtime.host()));
    if (!config.allowedOrigins().isEmpty()) {
      router.route("/mcp").handler(cors(config.allowedOrigins()));
    }
    router.post("/mcp").handler(BodyHandler.create(false).setBodyLimit(config.resilience().maxRequestBodyBytes()));
    router.route("/mcp").handler(new AuthHandler(runtime.authenticator(), runtime.metrics()::authFailure));
    router.route("/mcp").handler(new RateLimitHandler(runtime.rateLimits(), config.rateLimit().trustForwardedFor()));
    router.route("/mcp").handler(runtime.admission());
    router.route("/mcp").handler(runtime.transport()::handle);
    router.route().failureHandler(this::failure);

    HttpServerOptions options = new HttpServerOptions().setCompressionSupported(false).setIdleTimeout(0);
    runtime.tls().configure(options);
    server = vertx.createHttpServer(options).requestHandler(router);
    return server.listen(runtime.port(), runtime.host()).onSuccess(s -> {
      runtime.servers().add(s);
    });
  }

  /** Runs once the runtime has drained the requests in flight: whatever is still open is idle and can go. */
  @Override
  public Future<?> stop() {
    runtime.servers().remove(server);
    return server.close();
  }

  private static CorsHandler cors(List<String> origins) {
    return CorsHandler.create()
        .addOrigins(origins)
        .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.DELETE, HttpMethod.OPTIONS))
        .allowedHeaders(Set.of("Content-Type", "Accept", "Authorization", "Mcp-Session-Id", "MCP-Protocol-Version",
            "Mcp-Method", "Mcp-Name", "Last-Event-ID", "X-Request-Id", "X-API-Key"))
        // Browsers hide response headers unless exposed; clients must read the session id and auth challenges.
        .exposedHeaders(Set.of("Mcp-Session-Id", "WWW-Authenticate", "Retry-After", "RateLimit", "RateLimit-Policy",
            "X-Request-Id"))
        .maxAgeSeconds(600);
  }

  private void ready(RoutingContext rc) {
    boolean ready = runtime.isReady();
    JsonObject body = new JsonObject().put("status", ready ? "UP" : "DOWN").put("draining", runtime.isDraining());
    var keyIds = runtime.authenticator().loadedKeyIds();
    if (!keyIds.isEmpty()) {
      body.put("jwtKeyIds", new io.vertx.core.json.JsonArray(keyIds.stream().sorted().toList()));
    }
    JsonObject redis = runtime.redisStatus();
    if (redis != null) {
      body.put("redis", redis);
    }
    json(rc, ready ? 200 : 503, body);
  }

  /** Whatever fails inside a route ends here: a clear status and JSON-RPC error, never a stack trace. */
  private void failure(RoutingContext rc) {
    int status = rc.statusCode() > 0 ? rc.statusCode() : 500;
    String message = switch (status) {
      case 413 -> "Request body exceeds the limit of " + runtime.config().resilience().maxRequestBodyBytes() + " bytes";
      case 404 -> "Not found";
      case 405 -> "Method not allowed";
      default -> status >= 500 ? "Internal error" : "Bad request";
    };
    if (status >= 500) {
      LOG.error("request {} {} failed", rc.request().method(), rc.request().path(), rc.failure());
    }
    if (!rc.response().ended()) {
      json(rc, status, new JsonObject().put("jsonrpc", "2.0").putNull("id")
          .put("error", new JsonObject().put("code", status >= 500 ? -32603 : -32600).put("message", message)));
    }
  }

  static void json(RoutingContext rc, int status, JsonObject body) {
    rc.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.toBuffer());
  }
}
