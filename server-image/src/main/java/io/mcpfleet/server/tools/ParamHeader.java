package io.mcpfleet.server.tools;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A tool argument mirrored into an HTTP header (2026-07-28, {@code x-mcp-header}): a property of the
 * inputSchema reachable through {@code properties} only, of a primitive type, whose value the client also
 * sends as {@code Mcp-Param-<name>} so proxies can route on it without reading the body.
 */
public record ParamHeader(String headerName, List<String> path, String type) {

  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final Set<String> PRIMITIVE = Set.of("string", "integer", "boolean");

  public String httpHeader() {
    return "Mcp-Param-" + headerName;
  }

  /** The declarations of one inputSchema; throws with a readable reason when one is malformed. */
  public static List<ParamHeader> scan(JsonObject inputSchema) {
    List<ParamHeader> out = new ArrayList<>();
    visit(inputSchema, new ArrayList<>(), out, new HashMap<>());
    return List.copyOf(out);
  }

  private static void visit(JsonObject schema, List<String> path, List<ParamHeader> out, Map<String, String> seen) {
    if (schema.containsKey("x-mcp-header") && !path.isEmpty()) {
      Object raw = schema.getValue("x-mcp-header");
      String where = "/" + String.join("/", path);
      if (!(raw instanceof String name) || name.isEmpty() || !TOKEN.matcher(name).matches()) {
        throw new IllegalArgumentException(where + ": x-mcp-header must be a non-empty HTTP token");
      }
      String type = schema.getValue("type") instanceof String t ? t : null;
      if (!PRIMITIVE.contains(type)) {
        throw new IllegalArgumentException(where + ": x-mcp-header is only allowed on string, integer or boolean properties");
      }
      String prior = seen.putIfAbsent(name.toLowerCase(), name);
      if (prior != null) {
        throw new IllegalArgumentException("x-mcp-header '" + name + "' is declared twice (also as '" + prior + "')");
      }
      out.add(new ParamHeader(name, List.copyOf(path), type));
    }
    if (schema.getValue("properties") instanceof JsonObject props) {
      for (var e : props) {
        if (e.getValue() instanceof JsonObject child) {
          path.add(e.getKey());
          visit(child, path, out, seen);
          path.remove(path.size() - 1);
        }
      }
    }
  }

  /** The argument's value as the header must carry it, or null when the argument is absent. */
  public String expected(JsonObject arguments) {
    Object node = arguments;
    for (String key : path) {
      if (!(node instanceof JsonObject o)) {
        return null;
      }
      node = o.getValue(key);
    }
    if (node instanceof String || node instanceof Boolean || node instanceof Number) {
      return node instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) ? Long.toString(n.longValue()) : node.toString();
    }
    return null;
  }
}
