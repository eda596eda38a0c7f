package io.mcpfleet.server;

import io.mcpfleet.server.config.ConfigException;
import io.mcpfleet.server.config.ConfigLoader;
import io.mcpfleet.server.config.Durations;
import io.mcpfleet.server.config.ServerConfig;
import io.mcpfleet.server.security.auth.TokenMinter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The command line: {@code [serve] (--manifest FILE | --config FILE) [--host H] [--port P]}, and
 * {@code token ... --subject S} to mint a development token. Flags win
 * over {@code MCP_FLEET_*} environment variables, which win over defaults.
 */
public final class Main {

  static final String USAGE = """
      usage: java -jar mcp-fleet-server.jar [serve] (--manifest FILE | --config FILE) [--host HOST] [--port PORT]
        --manifest FILE   an McpServer manifest (YAML); its spec is the configuration   [MCP_FLEET_MANIFEST]
        --config FILE     the spec alone as JSON, as the operator mounts it            [MCP_FLEET_CONFIG]
        --host HOST       address to bind (default 127.0.0.1)                            [MCP_FLEET_HOST]
        --port PORT       port to listen on (default 8080; 0 picks a free one)          [MCP_FLEET_PORT]
        --metrics-port P  Prometheus /metrics port (default 9090; off disables)         [MCP_FLEET_METRICS_PORT]
      environment only: MCP_FLEET_TLS_DIR (tls.crt/tls.key), MCP_FLEET_SECRETS_DIR, MCP_FLEET_LOG_LEVEL,
        MCP_FLEET_LOG_FORMAT=json|text, MCP_FLEET_NAME (server name with --config)

             java -jar mcp-fleet-server.jar token (--manifest FILE | --config FILE) --subject S
                  [--roles a,b] [--ttl 1h] [--signing-keys FILE] [--kid KID]
        prints a JWT for auth mode jwt, signed with the signing key set (default: spec.auth.jwt.signingKeysFile;
        in a cluster, the jwks.json of the <name>-jwt-signing Secret). Issuer, audience and the roles claim
        come from the manifest; --ttl defaults to 1h.
      """;

  private Main() {}

  public static void main(String[] argv) {
    Logging.selectFormat(System.getenv("MCP_FLEET_LOG_FORMAT"));
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
      case "token" -> token(flags, env);
      case "help" -> {
        System.out.print(USAGE);
        yield 0;
      }
      default -> throw new UsageException("unknown command '" + command + "'");
    };
  }

  private static ServerConfig load(Map<String, String> flags, Map<String, String> env) {
    String manifest = flags.getOrDefault("manifest", env.get("MCP_FLEET_MANIFEST"));
    String config = flags.getOrDefault("config", env.get("MCP_FLEET_CONFIG"));
    if (flags.containsKey("manifest") || flags.containsKey("config")) {
      // a flag wins over the environment, whichever form the environment names
      manifest = flags.get("manifest");
      config = flags.get("config");
    }
    if ((manifest == null) == (config == null)) {
      throw new UsageException("give exactly one of --manifest or --config");
    }
    return manifest != null
        ? ConfigLoader.fromManifest(Path.of(manifest))
        : ConfigLoader.fromSpecJson(Path.of(config), env.getOrDefault("MCP_FLEET_NAME", "mcp-server"));
  }

  /** Mints a development token with the manifest's signing key set and prints it, alone, on stdout. */
  private static int token(Map<String, String> flags, Map<String, String> env) {
    for (String f : flags.keySet()) {
      if (!Set.of("manifest", "config", "subject", "roles", "ttl", "signing-keys", "kid").contains(f)) {
        throw new UsageException("unknown option --" + f + " for token");
      }
    }
    ServerConfig cfg = load(flags, env);
    if (!"jwt".equals(cfg.auth().mode())) {
      throw new UsageException("token needs spec.auth.mode: jwt (this manifest has '" + cfg.auth().mode() + "')");
    }
    String subject = flags.get("subject");
    if (subject == null || subject.isBlank()) {
      throw new UsageException("token needs --subject");
    }
    List<String> roles = flags.containsKey("roles")
        ? Arrays.stream(flags.get("roles").split(",")).map(String::trim).filter(r -> !r.isEmpty()).toList()
        : List.of();
    Duration ttl = Durations.parse("--ttl", flags.getOrDefault("ttl", "1h"));
    if (ttl.isZero()) {
      throw new UsageException("--ttl must be greater than zero");
    }
    Path signing = flags.containsKey("signing-keys") ? Path.of(flags.get("signing-keys")) : cfg.auth().jwt().signingKeysFile();
    if (signing == null) {
      throw new UsageException("no signing key set: give --signing-keys FILE or set spec.auth.jwt.signingKeysFile");
    }
    System.out.println(TokenMinter.mint(cfg.auth().jwt(), signing, flags.get("kid"), subject, roles, ttl));
    System.out.flush();
    return 0;
  }

  private static int serve(Map<String, String> flags, Map<String, String> env) {
    ServerConfig cfg = load(flags, env);
    String tlsDir = env.get("MCP_FLEET_TLS_DIR");
    if (tlsDir != null && !tlsDir.isBlank()) {
      cfg = cfg.withTls(new ServerConfig.Tls(tlsDir + "/tls.crt", tlsDir + "/tls.key"));
    }
    Logging.setLevel(env.getOrDefault("MCP_FLEET_LOG_LEVEL", cfg.observability().logLevel()));
    // Loopback unless told otherwise: a server on all interfaces with no allowedHosts accepts any Host name, so a
    // DNS-rebinding page could reach one started casually on a laptop. The image sets MCP_FLEET_HOST=0.0.0.0.
    String host = flags.getOrDefault("host", env.getOrDefault("MCP_FLEET_HOST", "127.0.0.1"));
    int port = port(flags.getOrDefault("port", env.getOrDefault("MCP_FLEET_PORT", "8080")));
    // With a random MCP port (tests, several servers side by side) the metrics port is random too.
    String metricsDefault = port == 0 ? "0" : "9090";
    String metricsFlag = flags.getOrDefault("metrics-port", env.getOrDefault("MCP_FLEET_METRICS_PORT", metricsDefault));
    int metricsPort = metricsFlag.equals("off") ? -1 : port(metricsFlag);
    if (port == 0) {
      port = freePort(host);
    }
    if (metricsPort == 0) {
      metricsPort = freePort(host);
    }
    Path secrets = Path.of(env.getOrDefault("MCP_FLEET_SECRETS_DIR", "/etc/mcp-fleet/secrets"));

    ServerRuntime runtime;
    try {
      runtime = ServerRuntime.start(cfg, new ServerRuntime.Options(host, port, metricsPort, secrets)).await(30, TimeUnit.SECONDS);
    } catch (ConfigException e) {
      throw e;
    } catch (Exception e) {
      System.err.println("could not start: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    long drainMillis = cfg.resilience().drainTimeout().toMillis();
    Runnable drainAndStop = () -> {
      try {
        runtime.stop().await(drainMillis + 5_000, TimeUnit.MILLISECONDS);
      } catch (Exception ignored) {
        // exiting anyway
      } finally {
        stopped.countDown();
      }
    };
    // SIGTERM (Kubernetes) and SIGINT (Ctrl-C) drain and exit 0: a planned stop is not a failure.
    for (String signal : new String[] {"TERM", "INT"}) {
      sun.misc.Signal.handle(new sun.misc.Signal(signal), sig -> new Thread(drainAndStop, "mcp-fleet-drain").start());
    }
    System.out.println("mcp-fleet server '" + cfg.name() + "' " + Version.current() + " serving "
        + cfg.tools().size() + " tool(s), listening on " + runtime.url());
    if (metricsPort > 0) {
      System.out.println("metrics on http://" + host + ":" + metricsPort + "/metrics");
    }
    System.out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Logging.flush();
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
