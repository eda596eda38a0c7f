package io.mcpfleet.server.config;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Turns an McpServer {@code spec} (as JSON) into a {@link ServerConfig}, failing on the first bad key. */
public final class SpecParser {

  static final Pattern TOOL_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
  private static final Set<String> HTTP_METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

  private SpecParser() {}

  public static ServerConfig parse(String name, JsonObject spec) {
    return parse(name, spec, null);
  }

  /** @param baseDir where relative file paths in the spec (key files) are resolved; null: the working directory */
  public static ServerConfig parse(String name, JsonObject spec, java.nio.file.Path baseDir) {
    Node root = Node.root("spec", spec);
    Node r = root.object("resilience");
    Node breaker = r.object("circuitBreaker");
    var resilience =
        new ServerConfig.Resilience(
            r.integer("maxRequestBodyBytes", 1 << 20, 1024, 64 << 20),
            r.duration("requestTimeout", Duration.ofSeconds(30)),
            r.duration("drainTimeout", Duration.ofSeconds(20)),
            r.integer("maxConcurrentRequests", 100, 1, 100_000),
            r.integer("maxQueuedRequests", 200, 0, 1_000_000),
            breaker.integer("failureThreshold", 5, 1, 10_000),
            breaker.duration("resetTimeout", Duration.ofSeconds(60)));
    Node sessionsNode = root.object("sessions");
    Node redisNode = sessionsNode.object("redis");
    var sessions =
        new ServerConfig.Sessions(
            sessionsNode.oneOf("store", "memory", Set.of("memory", "redis")),
            sessionsNode.duration("ttl", Duration.ofHours(1)),
            redis(redisNode, name, baseDir));
    if ("redis".equals(sessions.store()) && sessions.redis() == null) {
      throw new ConfigException(redisNode.key("url"), "is required when sessions.store is redis");
    }
    ServerConfig.RateLimit rateLimit = rateLimit(root.object("rateLimit"));
    if ("redis".equals(rateLimit.store()) && sessions.redis() == null) {
      throw new ConfigException(redisNode.key("url"),
          "is required when rateLimit.store is redis (the rate limiter uses the sessions' Redis settings)");
    }
    if (root.has("upstream")) {
      // Fail loudly rather than serve a gateway with nothing behind it.
      throw new ConfigException(root.key("upstream"), "fronting an upstream MCP server is not available in this server build yet");
    }
    AuthConfig auth = AuthConfig.parse(root.object("auth"), baseDir);
    List<ToolSpec> tools = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Node t : root.objects("tools")) {
      ToolSpec tool = tool(t, resilience.requestTimeout());
      if (!seen.add(tool.name())) {
        throw new ConfigException(t.key("name"), "'" + tool.name() + "' is declared twice; tool names must be unique");
      }
      tools.add(tool);
    }
    Node tls = root.object("tls");
    String certFile = tls.string("certFile", null);
    String keyFile = tls.string("keyFile", null);
    if ((certFile == null) != (keyFile == null)) {
      throw new ConfigException(tls.path(), "certFile and keyFile go together");
    }
    Node obs = root.object("observability");
    Node audit = obs.object("audit");
    return new ServerConfig(
        name,
        List.copyOf(tools),
        root.integer("listPageSize", 50, 1, 1000),
        resilience,
        rateLimit,
        sessions,
        auth,
        root.strings("allowedHosts"),
        root.object("cors").strings("allowedOrigins"),
        new ServerConfig.Tls(certFile, keyFile),
        new ServerConfig.Observability(
            obs.oneOf("logLevel", "info", Set.of("trace", "debug", "info", "warn", "error")),
            obs.bool("accessLog", true),
            audit.bool("enabled", false),
            audit.bool("includeArguments", false),
            obs.string("otlpEndpoint", null),
            obs.string("serviceName", name)));
  }

  private static ServerConfig.RateLimit rateLimit(Node n) {
    if (n.json().isEmpty()) {
      return ServerConfig.RateLimit.OFF;
    }
    Integer rpm = n.has("requestsPerMinute") ? n.integer("requestsPerMinute", 0, 1, 10_000_000) : null;
    Node global = n.object("global");
    Integer globalRpm = global.has("requestsPerMinute") ? global.integer("requestsPerMinute", 0, 1, 100_000_000) : null;
    String store = n.oneOf("store", "local", Set.of("local", "redis"));
    return new ServerConfig.RateLimit(
        rpm,
        n.integer("burst", rpm == null ? 1 : rpm, 1, 10_000_000),
        n.oneOf("key", "principal", Set.of("principal", "ip")),
        globalRpm,
        global.integer("burst", globalRpm == null ? 1 : globalRpm, 1, 100_000_000),
        store,
        n.bool("failOpen", true),
        n.bool("trustForwardedFor", false));
  }

  /** {@code sessions.redis}; null without a url. Parsing never connects: examples load without a Redis. */
  private static ServerConfig.Redis redis(Node n, String name, java.nio.file.Path baseDir) {
    String url = n.string("url", null);
    n.string("secretName", null); // operator only: the Secret mounted at /etc/mcp-fleet/redis/
    String passwordFile = n.string("passwordFile", null);
    Duration timeout = n.duration("timeout", Duration.ofSeconds(1));
    if (timeout.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new ConfigException(n.key("timeout"), "must be at most 1m");
    }
    String keyPrefix = n.string("keyPrefix", "mcp-fleet:" + (name == null ? "mcp-server" : name) + ":");
    if (passwordFile != null && passwordFile.isBlank()) {
      throw new ConfigException(n.key("passwordFile"), "must not be empty");
    }
    if (url == null) {
      return null;
    }
    // The URL is never echoed back: it may carry a password.
    URI uri;
    try {
      uri = new URI(url);
    } catch (java.net.URISyntaxException e) {
      throw new ConfigException(n.key("url"), "is not a valid URL (redis://host:port/db or rediss://host:port/db)");
    }
    if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())) {
      throw new ConfigException(n.key("url"), "must be a redis:// or rediss:// (TLS) URL");
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      throw new ConfigException(n.key("url"), "must name a host (redis://host:port/db)");
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    if (!path.isEmpty() && !path.matches("/[0-9]{0,2}")) {
      throw new ConfigException(n.key("url"), "the path must be a database number (redis://host:port/0)");
    }
    java.nio.file.Path file = java.nio.file.Path.of(passwordFile == null ? ServerConfig.Redis.DEFAULT_PASSWORD_FILE : passwordFile);
    if (!file.isAbsolute() && baseDir != null) {
      file = baseDir.resolve(file).normalize();
    }
    return new ServerConfig.Redis(url, file, passwordFile != null, timeout, keyPrefix);
  }

  private static ToolSpec tool(Node t, Duration defaultTimeout) {
    String name = t.requiredString("name");
    if (!TOOL_NAME.matcher(name).matches()) {
      throw new ConfigException(t.key("name"), "'" + name + "' must match " + TOOL_NAME.pattern());
    }
    JsonObject input = t.rawObject("inputSchema");
    if (input == null) {
      input = new JsonObject().put("type", "object");
    } else if (!"object".equals(input.getValue("type"))) {
      throw new ConfigException(t.key("inputSchema.type"), "must be \"object\" (MCP tool arguments are an object)");
    }
    JsonObject output = t.rawObject("outputSchema");
    if (output != null && !"object".equals(output.getValue("type"))) {
      throw new ConfigException(t.key("outputSchema.type"), "must be \"object\" (structuredContent is an object)");
    }
    boolean hasStatic = t.has("static");
    boolean hasHttp = t.has("http");
    if (hasStatic == hasHttp) {
      throw new ConfigException(t.path(), "a tool needs exactly one handler: 'static' or 'http'");
    }
    ToolSpec.StaticHandler staticHandler = null;
    ToolSpec.HttpHandler httpHandler = null;
    if (hasStatic) {
      Node s = t.object("static");
      boolean text = s.has("text");
      boolean json = s.has("json");
      if (text == json) {
        throw new ConfigException(s.path(), "needs exactly one of 'text' or 'json'");
      }
      staticHandler = new ToolSpec.StaticHandler(s.string("text", null), json ? s.json().getValue("json") : null);
    } else {
      Node h = t.object("http");
      String url = h.requiredString("url");
      checkUrl(h.key("url"), url);
      httpHandler =
          new ToolSpec.HttpHandler(
              h.oneOf("method", "GET", HTTP_METHODS),
              url,
              h.stringMap("query"),
              h.stringMap("headers"),
              h.object("headersFrom").string("secretName", null),
              h.json().getValue("body"));
    }
    Integer rpm = t.has("rateLimit") ? t.object("rateLimit").integer("requestsPerMinute", 60, 1, 1_000_000) : null;
    int burst = rpm == null ? 0 : t.object("rateLimit").integer("burst", rpm, 1, 1_000_000);
    return new ToolSpec(
        name,
        t.string("title", null),
        t.string("description", ""),
        input,
        output,
        t.rawObject("annotations"),
        t.duration("timeout", defaultTimeout),
        t.strings("roles"),
        rpm,
        burst,
        staticHandler,
        httpHandler);
  }

  private static void checkUrl(String key, String template) {
    // Validate the URL with every placeholder replaced, so a template like https://{{host}}/x is refused:
    // arguments may fill paths and queries, never choose the host a tool talks to.
    String probe = template.replaceAll("\\{\\{[^}]*}}", "x");
    URI uri;
    try {
      uri = URI.create(probe);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key, "'" + template + "' is not a valid URL");
    }
    if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
      throw new ConfigException(key, "must be an http or https URL");
    }
    String authority = template.replaceFirst("^[a-z]+://", "").split("[/?#]", 2)[0];
    if (authority.contains("{{") || uri.getHost() == null) {
      throw new ConfigException(key, "the host must be fixed, not templated");
    }
  }
}
