package io.mcpfleet.server;

import io.mcpfleet.server.config.ServerConfig;
import io.mcpfleet.server.mcp.McpDispatcher;
import io.mcpfleet.server.mcp.ServerInfo;
import io.mcpfleet.server.observability.AuditLog;
import io.mcpfleet.server.observability.Metrics;
import io.mcpfleet.server.observability.Tracing;
import io.mcpfleet.server.resilience.AdmissionControl;
import io.mcpfleet.server.resilience.BreakerToolHandler;
import io.mcpfleet.server.resilience.LocalRateLimiter;
import io.mcpfleet.server.resilience.RateLimiter;
import io.mcpfleet.server.resilience.RedisRateLimiter;
import io.mcpfleet.server.redis.RedisLink;
import io.mcpfleet.server.resilience.RateLimits;
import io.mcpfleet.server.security.Authenticator;
import io.mcpfleet.server.security.Authenticators;
import io.mcpfleet.server.security.TlsCertificates;
import io.mcpfleet.server.tools.ToolRegistry;
import io.mcpfleet.server.transport.InMemorySessionStore;
import io.mcpfleet.server.transport.RedisSessionStore;
import io.mcpfleet.server.transport.SessionStore;
import io.mcpfleet.server.transport.StreamableHttpTransport;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A running server: its Vert.x instance, the pieces every verticle instance shares (tools, sessions,
 * limits, metrics), and its lifecycle. Built by {@link Main}, and by tests that want a real server.
 */
public final class ServerRuntime {

  /** Where to listen and where mounted secrets live. {@code metricsPort} below 0 turns the metrics port off. */
  public record Options(String host, int port, int metricsPort, Path secretsRoot) {}

  /** How often mounted files (certificates, key sets) are checked for changes. */
  static final long RELOAD_MILLIS = Long.getLong("mcpfleet.reloadMillis", 2_000);

  private final Vertx vertx;
  private final ServerConfig config;
  private final Options options;
  private final Tracing tracing;
  private final Metrics metrics = new Metrics();
  private final SessionStore sessions;
  /** The Redis of the session store and/or rate limiter; null when neither uses Redis. */
  private final RedisLink redis;
  /** Whether readiness follows Redis: yes when sessions live there or the limiter fails closed. */
  private final boolean readyNeedsRedis;
  private final Authenticator authenticator;
  private final LocalRateLimiter limiter = new LocalRateLimiter();
  private final RateLimits rateLimits;
  private final AdmissionControl admission;
  private final TlsCertificates tls;
  private final List<BreakerToolHandler> breakers = new ArrayList<>();
  private final List<HttpServer> servers = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final StreamableHttpTransport transport;
  private final AtomicBoolean ready = new AtomicBoolean();
  private final AtomicBoolean draining = new AtomicBoolean();
  private String deploymentId;
  private HttpServer metricsServer;

  private ServerRuntime(ServerConfig config, Options options) {
    this.config = config;
    this.options = options;
    this.tls = new TlsCertificates(config.tls());
    this.tracing = Tracing.create(config.observability().otlpEndpoint(), config.observability().serviceName());
    this.vertx = tracing.createVertx(new VertxOptions());
    try {
      var r = config.resilience();
      ToolRegistry tools = ToolRegistry.build(vertx, config.tools(), options.secretsRoot(), (spec, handler) -> {
        BreakerToolHandler b = new BreakerToolHandler(vertx, spec.name(), handler, r.breakerFailureThreshold(),
            r.breakerResetTimeout());
        breakers.add(b);
        metrics.gauge("mcp.circuit.breaker.state", "Circuit breaker of a tool: 0 closed, 1 half-open, 2 open",
            "tool", spec.name(), () -> stateValue(b.state()));
        return b;
      });
      this.authenticator = Authenticators.create(vertx, config.auth());
      boolean redisSessions = "redis".equals(config.sessions().store());
      boolean redisLimits = "redis".equals(config.rateLimit().store());
      this.redis = redisSessions || redisLimits ? RedisLink.create(vertx, config.sessions().redis()) : null;
      this.readyNeedsRedis = redisSessions || (redisLimits && !config.rateLimit().failOpen());
      this.sessions = redisSessions ? new RedisSessionStore(redis, config.sessions().ttl())
          : new InMemorySessionStore(vertx, config.sessions().ttl());
      RateLimiter shared = redisLimits ? new RedisRateLimiter(redis, config.rateLimit().failOpen()) : limiter;
      this.rateLimits = new RateLimits(shared, config.rateLimit(), metrics::rateLimited);
      this.admission = new AdmissionControl(vertx, r.maxConcurrentRequests(), r.maxQueuedRequests(),
          r.requestTimeout().toMillis(), metrics::overloaded);
      McpDispatcher dispatcher = new McpDispatcher(vertx, new ServerInfo(config.name(), Version.current(), null), tools,
          config.listPageSize(), rateLimits, new AuditLog(config.observability().audit(),
          config.observability().auditArguments()), tracing.tracer());
      this.transport = new StreamableHttpTransport(vertx, dispatcher, sessions, 15_000, r.requestTimeout().toMillis(),
          metrics);
    } catch (RuntimeException e) {
      vertx.close();
      throw e;
    }
    metrics.gauge("mcp.inflight.requests", "MCP requests being served", admission::inFlight);
    metrics.gauge("mcp.queued.requests", "MCP requests waiting for a free slot", admission::queued);
    metrics.gauge("mcp.sessions.active", "Handshake-era sessions held by this instance's store",
        () -> sessions instanceof InMemorySessionStore m ? m.size() : 0);
    if (redis != null) {
      metrics.gauge("mcp.redis.up", "1 while the last Redis health PING was answered, else 0", () -> redis.up() ? 1 : 0);
    }
  }

  /** Builds and starts a server; completes once every instance listens. */
  public static Future<ServerRuntime> start(ServerConfig config, Options options) {
    ServerRuntime runtime;
    try {
      runtime = new ServerRuntime(config, options);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return runtime.deploy().map(runtime);
  }

  private Future<Void> deploy() {
    int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
    vertx.setPeriodic(60_000, id -> limiter.sweep());
    tls.watch(vertx, RELOAD_MILLIS, servers);
    // The first PING is awaited (at most the Redis timeout) so readiness is right from the start; a Redis that is
    // down does not stop the server from starting: readiness says so, and the pool reconnects once it is back.
    Future<?> redisChecked = redis == null ? Future.succeededFuture() : redis.start();
    Future<?> metricsUp = options.metricsPort() < 0 ? Future.succeededFuture()
        : vertx.createHttpServer().requestHandler(req -> {
              if (req.path().equals("/metrics")) {
                vertx.executeBlocking(metrics::scrape, false).onComplete(ar -> req.response()
                    .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                    .end(ar.succeeded() ? ar.result() : ""));
              } else {
                req.response().setStatusCode(404).end();
              }
            })
            .listen(options.metricsPort(), options.host())
            .onSuccess(s -> metricsServer = s);
    return metricsUp
        .compose(v -> redisChecked)
        .compose(v -> vertx.deployVerticle(() -> new McpServerVerticle(this), new DeploymentOptions().setInstances(instances)))
        .onSuccess(id -> {
          deploymentId = id;
          ready.set(true);
        })
        .onFailure(err -> vertx.close())
        .mapEmpty();
  }

  /**
   * Graceful stop: readiness goes false, new and queued requests are refused with 503, GET streams end,
   * requests in flight finish (up to the drain timeout), then everything closes.
   */
  public Future<Void> stop() {
    draining.set(true);
    admission.close();
    transport.closeAllStreams();
    long drain = config.resilience().drainTimeout().toMillis();
    // Unbind first: new connections are refused outright (the client knows nothing was accepted), while
    // connections already open get their answers, 503 for anything new on them.
    servers.forEach(s -> s.shutdown(drain, java.util.concurrent.TimeUnit.MILLISECONDS));
    Future<Void> undeployed = idle(drain)
        .compose(v -> deploymentId == null ? Future.succeededFuture() : vertx.undeploy(deploymentId));
    return undeployed
        .eventually(() -> metricsServer == null ? Future.succeededFuture() : metricsServer.close())
        .eventually(() -> {
          tls.close(vertx);
          authenticator.close();
          tracing.close();
          return sessions.close();
        })
        .eventually(() -> redis == null ? Future.succeededFuture() : redis.close())
        .eventually(vertx::close);
  }

  /**
   * Completes when no admitted request is in flight, or at the deadline. The HTTP servers then shut down
   * at once: waiting on idle keep-alive connections would only delay the exit.
   */
  private Future<Void> idle(long deadlineMillis) {
    io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
    checkIdle(done, System.currentTimeMillis() + deadlineMillis);
    return done.future();
  }

  private void checkIdle(io.vertx.core.Promise<Void> done, long until) {
    if (admission.inFlight() == 0 || System.currentTimeMillis() >= until) {
      done.tryComplete();
    } else {
      vertx.setTimer(20, id -> checkIdle(done, until));
    }
  }

  public boolean isReady() {
    return ready.get() && !draining.get() && (!readyNeedsRedis || redis.up());
  }

  /** Redis as readiness sees it (status and, when down, a reason safe to publish); null without Redis. */
  JsonObject redisStatus() {
    if (redis == null) {
      return null;
    }
    JsonObject s = new JsonObject().put("status", redis.up() ? "UP" : "DOWN").put("required", readyNeedsRedis);
    return redis.up() ? s : s.put("reason", redis.reason());
  }

  public boolean isDraining() {
    return draining.get();
  }

  /** Liveness with detail: the process is up; open circuits are reported, not fatal. */
  JsonObject health() {
    JsonObject circuits = new JsonObject();
    breakers.forEach(b -> circuits.put(b.tool(), b.state().name()));
    return new JsonObject().put("status", "UP").put("circuitBreakers", circuits);
  }

  private static int stateValue(CircuitBreakerState s) {
    return switch (s) {
      case CLOSED -> 0;
      case HALF_OPEN -> 1;
      case OPEN -> 2;
    };
  }

  List<HttpServer> servers() {
    return servers;
  }

  ServerConfig config() {
    return config;
  }

  Metrics metrics() {
    return metrics;
  }

  Authenticator authenticator() {
    return authenticator;
  }

  RateLimits rateLimits() {
    return rateLimits;
  }

  AdmissionControl admission() {
    return admission;
  }

  TlsCertificates tls() {
    return tls;
  }

  StreamableHttpTransport transport() {
    return transport;
  }

  String host() {
    return options.host();
  }

  public int port() {
    return options.port();
  }

  public int metricsPort() {
    return options.metricsPort();
  }

  public Vertx vertx() {
    return vertx;
  }

  public String url() {
    String h = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
    return (tls.enabled() ? "https://" : "http://") + h + ":" + options.port() + "/mcp";
  }
}
