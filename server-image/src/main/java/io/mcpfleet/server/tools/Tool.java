package io.mcpfleet.server.tools;

import io.mcpfleet.server.config.ToolSpec;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** A tool ready to serve: its spec, its handler, its compiled schemas and its tools/list entry. */
public record Tool(
    ToolSpec spec,
    ToolHandler handler,
    SchemaValidator input,
    SchemaValidator output,
    List<ParamHeader> paramHeaders,
    JsonObject descriptor) {

  public String name() {
    return spec.name();
  }
}
