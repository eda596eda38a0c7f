package io.mcpfleet.server.tools;

import io.mcpfleet.server.config.ConfigException;
import io.mcpfleet.server.config.ToolSpec;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/** The server's tools in declaration order (the order tools/list pages through), looked up by name. */
public final class ToolRegistry {

  private final List<Tool> ordered;
  private final Map<String, Tool> byName = new LinkedHashMap<>();

  private ToolRegistry(List<Tool> ordered) {
    this.ordered = List.copyOf(ordered);
    ordered.forEach(t -> byName.put(t.name(), t));
  }

  /** Builds every tool, compiling schemas and templates now so a bad tool stops start-up, not a call. */
  public static ToolRegistry build(Vertx vertx, List<ToolSpec> specs, Path secretsRoot) {
    return build(vertx, specs, secretsRoot, (spec, handler) -> handler);
  }

  /**
   * As above; {@code guard} wraps the handler of every tool that calls out over the network (a circuit
   * breaker, in the server). Static tools cannot fail and are left unwrapped.
   */
  public static ToolRegistry build(Vertx vertx, List<ToolSpec> specs, Path secretsRoot,
      BiFunction<ToolSpec, ToolHandler, ToolHandler> guard) {
    HttpClient client = null;
    List<Tool> tools = new java.util.ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      ToolSpec spec = specs.get(i);
      String key = "spec.tools[" + i + "]";
      SchemaValidator input = compile(spec.inputSchema(), key + ".inputSchema", spec.name());
      SchemaValidator output = spec.outputSchema() == null ? null : compile(spec.outputSchema(), key + ".outputSchema", spec.name());
      ToolHandler handler;
      if (spec.staticHandler() != null) {
        handler = new StaticToolHandler(spec.staticHandler());
      } else {
        if (client == null) {
          client = vertx.httpClientBuilder()
              .with(new HttpClientOptions().setConnectTimeout(5_000).setKeepAlive(true).setTrustAll(false))
              .with(new PoolOptions().setHttp1MaxSize(64))
              .build();
        }
        handler = guard.apply(spec, new HttpToolHandler(vertx, client, spec.httpHandler(), secretsRoot));
      }
      tools.add(new Tool(spec, handler, input, output, paramHeaders(spec, key + ".inputSchema"), descriptor(spec)));
    }
    return new ToolRegistry(tools);
  }

  private static SchemaValidator compile(JsonObject schema, String key, String tool) {
    try {
      return SchemaValidator.compile(schema, "urn:mcp-fleet:tool:" + tool);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key, e.getMessage());
    }
  }

  private static List<ParamHeader> paramHeaders(ToolSpec spec, String key) {
    try {
      return ParamHeader.scan(spec.inputSchema());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key, e.getMessage());
    }
  }

  private static JsonObject descriptor(ToolSpec spec) {
    JsonObject d = new JsonObject().put("name", spec.name());
    if (spec.title() != null) {
      d.put("title", spec.title());
    }
    d.put("description", spec.description());
    d.put("inputSchema", spec.inputSchema());
    if (spec.outputSchema() != null) {
      d.put("outputSchema", spec.outputSchema());
    }
    if (spec.annotations() != null) {
      d.put("annotations", spec.annotations());
    }
    return d;
  }

  public List<Tool> all() {
    return ordered;
  }

  public Tool get(String name) {
    return byName.get(name);
  }
}
