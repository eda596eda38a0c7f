package io.mcpfleet.server.config;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** One declarative tool of {@code spec.tools}: its MCP description and exactly one handler. */
public record ToolSpec(
    String name,
    String title,
    String description,
    JsonObject inputSchema,
    JsonObject outputSchema,
    JsonObject annotations,
    Duration timeout,
    List<String> roles,
    Integer requestsPerMinute,
    int burst,
    StaticHandler staticHandler,
    HttpHandler httpHandler) {

  /** {@code static}: a fixed text (with {@code {{arg}}} templates) or a JSON value. */
  public record StaticHandler(String text, Object json) {}

  /** {@code http}: an HTTP API call with the arguments templated into it. */
  public record HttpHandler(
      String method,
      String url,
      Map<String, String> query,
      Map<String, String> headers,
      String headersFromSecret,
      Object body) {}
}
