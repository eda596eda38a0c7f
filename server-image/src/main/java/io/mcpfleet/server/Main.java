package io.mcpfleet.server;

import io.mcpfleet.server.config.ConfigException;
import io.mcpfleet.server.config.ConfigLoader;
import io.mcpfleet.server.config.ServerConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The command line: {@code [serve] (--manifest FILE | --config FILE) [--host H] [--port P]}. Flags win
 * over {@code MCP_FLEET_*} environment variables, which win over defaults.
 */
public final class Main {

  static final String USAGE = """
      usage: java -jar mcp-fleet-server.jar [serve] (--manifest FILE | --config FILE) [--host HOST] [--port PORT]
        --manifest FILE   an McpServer manifest (YAML); its spec is the configuration   [MCP_FLEET_MANIFEST]
        --config FILE     the spec alone as JSON, as the operator mounts it            [MCP_FLEET_CONFIG]
        --host HOST       address to bind (default 0.0.0.0)                             [MCP_FLEET_HOST]
        --port PORT       port to listen on (default 8080; 0 picks a free one)          [MCP_FLEET_PORT]
      """;

  private Main() {}

  public static void main(String[] argv) {
    try {
      System.exit(run(argv, System.getenv()));
    } catch (UsageException e) {
      System.err.println("error: " + e.getMessage());
      System.err.print(USAGE);
      System.exit(2);
    } catch (ConfigException e) {
      System.err.println("invalid configuration: " + e.getMessage());
      System.exit(3);
    }
  }

  static int run(String[] argv, Map<String, String> env) {
    Deque<String> args = new ArrayDeque<>(List.of(argv));
    String command = !args.isEmpty() && !args.peek().startsWith("-") ? args.pop() : "serve";
    Map<String, String> flags = flags(args);
    return switch (command) {
      case "serve" -> serve(flags, env);
      case "help" -> {
        System.out.print(USAGE);
        yield 0;
      }
      default -> throw new UsageException("unknown command '" + command + "'");
    };
  }

  private static int serve(Map<String, String> flags, Map<String, String> env) {
    String manifest = flags.getOrDefault("manifest", env.get("MCP_FLEET_MANIFEST"));
    String config = flags.getOrDefault("config", env.get("MCP_FLEET_CONFIG"));
    if ((manifest == null) == (config == null)) {
      throw new UsageException("give exactly one of --manifest or --config");
    }
    ServerConfig cfg = manifest != null
        ? ConfigLoader.fromManifest(Path.of(manifest))
        : ConfigLoader.fromSpecJson(Path.of(config), env.getOrDefault("MCP_FLEET_NAME", "mcp-server"));
    String host = flags.getOrDefault("host", env.getOrDefault("MCP_FLEET_HOST", "0.0.0.0"));
    int port = port(flags.getOrDefault("port", env.getOrDefault("MCP_FLEET_PORT", "8080")));
    if (port == 0) {
      port = freePort(host);
    }
    Path secrets = Path.of(env.getOrDefault("MCP_FLEET_SECRETS_DIR", "/etc/mcp-fleet/secrets"));

    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(false));
    ServerRuntime runtime;
    try {
      runtime = ServerRuntime.start(vertx, cfg, host, port, secrets).await(30, TimeUnit.SECONDS);
    } catch (ConfigException e) {
      vertx.close();
      throw e;
    } catch (Exception e) {
      vertx.close();
      System.err.println("could not start: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        runtime.stop().await(cfg.resilience().drainTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS);
      } catch (Exception ignored) {
        // exiting anyway
      } finally {
        stopped.countDown();
      }
    }, "mcp-fleet-shutdown"));
    System.out.println("mcp-fleet server '" + cfg.name() + "' " + Version.current() + " serving "
        + cfg.tools().size() + " tool(s), listening on " + runtime.url());
    System.out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  private static Map<String, String> flags(Deque<String> args) {
    Map<String, String> flags = new HashMap<>();
    while (!args.isEmpty()) {
      String a = args.pop();
      if (!a.startsWith("--")) {
        throw new UsageException("unexpected argument '" + a + "'");
      }
      String name = a.substring(2);
      String value;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      } else if (args.isEmpty()) {
        throw new UsageException("--" + name + " needs a value");
      } else {
        value = args.pop();
      }
      flags.put(name, value);
    }
    return flags;
  }

  private static int port(String text) {
    try {
      int p = Integer.parseInt(text.trim());
      if (p < 0 || p > 65535) {
        throw new NumberFormatException();
      }
      return p;
    } catch (NumberFormatException e) {
      throw new UsageException("port '" + text + "' is not a number between 0 and 65535");
    }
  }

  private static int freePort(String host) {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UsageException("cannot find a free port on " + host + ": " + e.getMessage());
    }
  }

  static final class UsageException extends RuntimeException {
    UsageException(String message) {
      super(message);
    }
  }
}
