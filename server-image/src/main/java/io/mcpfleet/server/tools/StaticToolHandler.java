package io.mcpfleet.server.tools;

import io.mcpfleet.server.config.ToolSpec;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** {@code static}: answers with a fixed text or JSON value, with the arguments templated in. */
final class StaticToolHandler implements ToolHandler {

  private final Template text;
  private final Object json;
  private final Future<ToolResult> constant;

  StaticToolHandler(ToolSpec.StaticHandler spec) {
    this.text = spec.text() == null ? null : Template.compile(spec.text());
    this.json = spec.json();
    // A reply that no argument can change is built once, not per call.
    if (text != null && text.isConstant()) {
      constant = Future.succeededFuture(ToolResult.text(spec.text()));
    } else if (text == null && !(json instanceof JsonObject o && o.encode().contains("{{"))) {
      constant = Future.succeededFuture(fromJson(json));
    } else {
      constant = null;
    }
  }

  @Override
  public Future<ToolResult> call(JsonObject arguments, ToolCallContext context) {
    if (constant != null) {
      return constant;
    }
    if (text != null) {
      return Future.succeededFuture(ToolResult.text(text.render(arguments, Template.Encoding.RAW)));
    }
    return Future.succeededFuture(fromJson(Template.renderJson(json, arguments)));
  }

  private static ToolResult fromJson(Object value) {
    if (value instanceof JsonObject o) {
      return ToolResult.structured(o);
    }
    // structuredContent must be an object; other JSON values are returned as their text form.
    return ToolResult.text(io.vertx.core.json.Json.encode(value));
  }
}
