package io.mcpfleet.server;

import io.mcpfleet.server.config.ServerConfig;
import io.mcpfleet.server.mcp.McpDispatcher;
import io.mcpfleet.server.mcp.ServerInfo;
import io.mcpfleet.server.security.Authenticator;
import io.mcpfleet.server.security.Authenticators;
import io.mcpfleet.server.tools.ToolRegistry;
import io.mcpfleet.server.transport.InMemorySessionStore;
import io.mcpfleet.server.transport.SessionStore;
import io.mcpfleet.server.transport.StreamableHttpTransport;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A running server: configuration, the shared pieces every verticle instance uses (tools, sessions,
 * transport), and its lifecycle. Built by {@link Main}, and by tests that want a server in-process.
 */
public final class ServerRuntime {

  private final Vertx vertx;
  private final ServerConfig config;
  private final String host;
  private final int port;
  private final StreamableHttpTransport transport;
  private final SessionStore sessions;
  private final Authenticator authenticator;
  private final AtomicBoolean ready = new AtomicBoolean();
  private final AtomicBoolean draining = new AtomicBoolean();

  private ServerRuntime(Vertx vertx, ServerConfig config, String host, int port, Path secretsRoot) {
    this.vertx = vertx;
    this.config = config;
    this.host = host;
    this.port = port;
    ToolRegistry tools = ToolRegistry.build(vertx, config.tools(), secretsRoot);
    this.authenticator = Authenticators.create(vertx, config.auth());
    this.sessions = new InMemorySessionStore(vertx, config.sessions().ttl());
    McpDispatcher dispatcher = new McpDispatcher(vertx, new ServerInfo(config.name(), Version.current(), null), tools,
        config.listPageSize());
    this.transport = new StreamableHttpTransport(vertx, dispatcher, sessions, 15_000);
  }

  /** Starts the server; the future completes once every instance listens. Port 0 is not allowed here. */
  public static Future<ServerRuntime> start(Vertx vertx, ServerConfig config, String host, int port, Path secretsRoot) {
    ServerRuntime runtime;
    try {
      runtime = new ServerRuntime(vertx, config, host, port, secretsRoot);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
    return vertx.deployVerticle(() -> new McpServerVerticle(runtime), new DeploymentOptions().setInstances(instances))
        .map(id -> {
          runtime.ready.set(true);
          return runtime;
        });
  }

  /** Stops taking new work, ends open streams, and closes Vert.x. */
  public Future<Void> stop() {
    draining.set(true);
    ready.set(false);
    transport.closeAllStreams();
    authenticator.close();
    return sessions.close().compose(v -> vertx.close());
  }

  public boolean isReady() {
    return ready.get() && !draining.get();
  }

  public boolean isDraining() {
    return draining.get();
  }

  ServerConfig config() {
    return config;
  }

  Authenticator authenticator() {
    return authenticator;
  }

  StreamableHttpTransport transport() {
    return transport;
  }

  String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public String url() {
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/mcp";
  }
}
