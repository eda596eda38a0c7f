package io.mcpfleet.server.redis;

import io.mcpfleet.server.config.ConfigException;
import io.mcpfleet.server.config.ServerConfig;
import io.netty.channel.EventLoop;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.PromiseInternal;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Redis of a server, shared by the session store and the rate limiter. Non-blocking throughout:
 * <ul>
 *   <li>one connection per event loop, pipelined (many commands in flight, answers in order), so a request
 *       pays one round trip and no pool hand-off; calls from elsewhere go through a context of its own;</li>
 *   <li>a timeout on every command, so a stalled Redis never stalls a request; a connection that timed out, closed
 *       or failed is dropped and the next command opens a new one, so a Redis restart heals by itself;</li>
 *   <li>a cheap PING every second whose outcome readiness reports (a probe never sends one).</li>
 * </ul>
 */
public final class RedisLink {

  private static final Logger LOG = LoggerFactory.getLogger(RedisLink.class);

  /** How often the health PING runs; a probe reads the last outcome, it never causes a PING. */
  static final long HEALTH_MILLIS = Long.getLong("mcpfleet.redisHealthMillis", 1_000);

  private final Vertx vertx;
  private final Redis client;
  private final long timeoutMillis;
  private final String keyPrefix;
  private final String displayUrl;
  private final AtomicBoolean pinging = new AtomicBoolean();
  /** The connection of each event loop that sends commands; a future while it is being opened. */
  private final ConcurrentHashMap<EventLoop, Future<RedisConnection>> connections = new ConcurrentHashMap<>();
  /** Where commands sent from outside an event loop (startup, tests, workers) run. */
  private final ContextInternal ownContext;
  private volatile boolean up;
  private volatile String reason = "not checked yet";
  private long pinger = -1;

  private RedisLink(Vertx vertx, ServerConfig.Redis config, String password) {
    this.vertx = vertx;
    this.timeoutMillis = config.timeout().toMillis();
    this.keyPrefix = config.keyPrefix();
    this.displayUrl = config.redactedUrl();
    int timeout = (int) Math.min(Integer.MAX_VALUE, timeoutMillis);
    NetClientOptions net = new NetClientOptions().setConnectTimeout(timeout).setTcpNoDelay(true).setTcpKeepAlive(true);
    if (config.url().startsWith("rediss:")) {
      // The JDK's trust store, and the certificate must name the host of the URL.
      net.setSsl(true).setHostnameVerificationAlgorithm("HTTPS");
    }
    RedisOptions options = new RedisOptions()
        .setConnectionString(config.url())
        .setNetClientOptions(net)
        // The pool only opens the per-event-loop connections below (a handful); each pipelines up to 4096
        // commands, beyond which a send fails at once instead of queueing without bound while Redis is stalled.
        .setMaxPoolSize(32)
        .setMaxPoolWaiting(2048)
        .setMaxWaitingHandlers(4096);
    if (password != null) {
      options.setPassword(password);
    }
    this.client = Redis.createClient(vertx, options);
    this.ownContext = ((ContextInternal) vertx.getOrCreateContext()).unwrap();
  }

  /** Reads the password (a blocking file read: call at startup) and creates the client; connects lazily. */
  public static RedisLink create(Vertx vertx, ServerConfig.Redis config) {
    return new RedisLink(vertx, config, password(config));
  }

  static String password(ServerConfig.Redis config) {
    if (!Files.exists(config.passwordFile())) {
      if (config.passwordFileRequired()) {
        throw new ConfigException("spec.sessions.redis.passwordFile", "file " + config.passwordFile() + " does not exist");
      }
      return null;
    }
    try {
      String s = Files.readString(config.passwordFile(), StandardCharsets.UTF_8);
      // A Secret written with `echo` ends in a newline that is not part of the password.
      s = s.replaceAll("[\r\n]+$", "");
      return s.isEmpty() ? null : s;
    } catch (IOException e) {
      throw new ConfigException("spec.sessions.redis.passwordFile", "cannot read " + config.passwordFile() + " ("
          + e.getClass().getSimpleName() + ")");
    }
  }

  /** Starts the periodic health PING, and runs the first one now; the future completes when it is answered. */
  public Future<Void> start() {
    LOG.info("Redis store at {} (timeout {} ms, key prefix {})", displayUrl, timeoutMillis, keyPrefix);
    pinger = vertx.setPeriodic(HEALTH_MILLIS, id -> check());
    return check();
  }

  /** The prefix of every key this server writes (per McpServer by default, so servers can share a Redis). */
  public String keyPrefix() {
    return keyPrefix;
  }

  /** One command, failed with a {@link TimeoutException} when Redis does not answer within the timeout. */
  public Future<Response> send(Request request) {
    Context ctx = Vertx.currentContext();
    if (ctx != null && ctx.isEventLoopContext()) {
      return sendOn((ContextInternal) ctx, request);
    }
    Promise<Response> answer = Promise.promise();
    ownContext.runOnContext(v -> sendOn(ownContext, request).onComplete(answer));
    return answer.future();
  }

  /** Sends on the connection of the caller's event loop (HTTP requests each run on a context of their own). */
  private Future<Response> sendOn(ContextInternal ctx, Request request) {
    EventLoop loop = ctx.nettyEventLoop();
    Future<RedisConnection> conn = connections.get(loop);
    if (conn == null) {
      conn = connect(loop, ctx.unwrap());
    }
    Future<RedisConnection> used = conn;
    // Bound to the caller's context, so the answer, or the timeout, is delivered on the caller's event loop.
    PromiseInternal<Response> answer = ctx.promise();
    used.compose(c -> c.send(request)).onComplete(answer);
    return answer.future().timeout(timeoutMillis, TimeUnit.MILLISECONDS).onFailure(err -> {
      if (err instanceof TimeoutException) {
        // No answer in time: Redis may be stalled or the connection half-open (no RST after a partition).
        // Answers arriving later would still match their commands, but a dead connection would time out every
        // command after it, so it goes; the next command opens a new one.
        drop(loop, used);
      }
    });
  }

  /** Opens the connection of an event loop, on the loop's root context so it outlives the request that asked. */
  private Future<RedisConnection> connect(EventLoop loop, ContextInternal root) {
    PromiseInternal<RedisConnection> opening = root.promise();
    Future<RedisConnection> bounded = opening.future().timeout(timeoutMillis, TimeUnit.MILLISECONDS);
    Future<RedisConnection> existing = connections.putIfAbsent(loop, bounded);
    if (existing != null) {
      return existing;
    }
    root.runOnContext(v -> client.connect().onComplete(opening));
    opening.future().onSuccess(c -> {
      c.exceptionHandler(err -> drop(loop, bounded));
      c.endHandler(x -> drop(loop, bounded));
      if (connections.get(loop) != bounded) {
        forceClose(c); // given up on (timeout) or dropped while it was opening
      }
    });
    bounded.onFailure(err -> connections.remove(loop, bounded));
    return bounded;
  }

  private void drop(EventLoop loop, Future<RedisConnection> conn) {
    if (connections.remove(loop, conn) && conn.succeeded()) {
      forceClose(conn.result());
    }
  }

  /**
   * Closes the socket, failing the commands still waiting on it. {@code close()} would hand a pooled connection
   * back to the pool, stalled or not; the pool's own connection has the method that really closes it.
   */
  private static void forceClose(RedisConnection c) {
    if (c instanceof io.vertx.redis.client.impl.PooledRedisConnection pooled) {
      pooled.actual().forceClose();
    } else {
      c.close();
    }
  }

  /** Runs a Lua script by its SHA-1; when Redis does not have it cached (NOSCRIPT: new or restarted), by its source. */
  public Future<Response> eval(Script script, List<String> keys, List<String> args) {
    return send(scriptRequest(Command.EVALSHA, script.sha1(), keys, args)).recover(err -> {
      if (err.getMessage() != null && err.getMessage().startsWith("NOSCRIPT")) {
        return send(scriptRequest(Command.EVAL, script.source(), keys, args));
      }
      return Future.failedFuture(err);
    });
  }

  private static Request scriptRequest(Command command, String script, List<String> keys, List<String> args) {
    Request r = Request.cmd(command).arg(script).arg(keys.size());
    keys.forEach(r::arg);
    args.forEach(r::arg);
    return r;
  }

  /** Whether the last health PING was answered. */
  public boolean up() {
    return up;
  }

  /** Why Redis counts as down, in words safe for a public probe (no address, no credentials); null when up. */
  public String reason() {
    return up ? null : reason;
  }

  /** PINGs Redis once (unless a PING is already out) and records the outcome. Never fails. */
  public Future<Void> check() {
    if (!pinging.compareAndSet(false, true)) {
      return Future.succeededFuture();
    }
    return send(Request.cmd(Command.PING)).<Void>transform(ar -> {
      pinging.set(false);
      if (ar.succeeded()) {
        if (!up) {
          LOG.info("Redis at {} is reachable", displayUrl);
        }
        up = true;
      } else {
        String why = describeFailure(ar.cause());
        if (up || !why.equals(reason)) {
          // Once per change, not once per PING: a long outage must not flood the log.
          LOG.warn("Redis at {} is unavailable: {} ({})", displayUrl, why, ar.cause().getMessage());
        }
        reason = why;
        up = false;
      }
      return Future.succeededFuture();
    });
  }

  public static String describeFailure(Throwable err) {
    String m = err.getMessage() == null ? "" : err.getMessage();
    if (err instanceof TimeoutException || m.contains("Timeout") || m.contains("timed out")) {
      return "redis: no answer within the timeout";
    }
    if (m.startsWith("NOAUTH") || m.startsWith("WRONGPASS") || m.contains("AUTH")) {
      return "redis: authentication failed";
    }
    if (m.startsWith("LOADING")) {
      return "redis: loading its dataset";
    }
    return "redis: unreachable";
  }

  public Future<Void> close() {
    if (pinger >= 0) {
      vertx.cancelTimer(pinger);
    }
    connections.values().forEach(f -> f.onSuccess(RedisLink::forceClose));
    connections.clear();
    return client.close();
  }

  /** A Lua script and its SHA-1, the name EVALSHA knows it by. */
  public record Script(String source, String sha1) {

    public static Script of(String source) {
      try {
        byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
        return new Script(source, HexFormat.of().formatHex(digest));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
