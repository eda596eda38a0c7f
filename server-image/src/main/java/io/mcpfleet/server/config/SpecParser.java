package io.mcpfleet.server.config;

import io.vertx.core.json.JsonArray;
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
    Node root = Node.root("spec", spec);
    Node resilienceNode = root.object("resilience");
    var resilience =
        new ServerConfig.Resilience(
            resilienceNode.integer("maxRequestBodyBytes", 1 << 20, 1024, 64 << 20),
            resilienceNode.duration("requestTimeout", Duration.ofSeconds(30)),
            resilienceNode.duration("drainTimeout", Duration.ofSeconds(20)));
    Node sessionsNode = root.object("sessions");
    var sessions =
        new ServerConfig.Sessions(
            sessionsNode.oneOf("store", "memory", Set.of("memory", "redis")),
            sessionsNode.duration("ttl", Duration.ofHours(1)));
    if ("redis".equals(sessions.store())) {
      throw new ConfigException(sessionsNode.key("store"), "'redis' is not available in this server build yet; use 'memory'");
    }
    AuthConfig auth = AuthConfig.parse(root.object("auth"));
    List<ToolSpec> tools = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Node t : root.objects("tools")) {
      ToolSpec tool = tool(t, resilience.requestTimeout());
      if (!seen.add(tool.name())) {
        throw new ConfigException(t.key("name"), "'" + tool.name() + "' is declared twice; tool names must be unique");
      }
      tools.add(tool);
    }
    return new ServerConfig(
        name,
        List.copyOf(tools),
        root.integer("listPageSize", 50, 1, 1000),
        resilience,
        sessions,
        auth,
        root.strings("allowedHosts"),
        root.object("cors").strings("allowedOrigins"),
        root.object("observability").oneOf("logLevel", "info", Set.of("trace", "debug", "info", "warn", "error")));
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

  static JsonArray names(List<ToolSpec> tools) {
    JsonArray a = new JsonArray();
    tools.forEach(t -> a.add(t.name()));
    return a;
  }
}
