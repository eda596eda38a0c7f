package io.mcpfleet.server.tools;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** Runs one tool on already validated arguments. Must not block the event loop. */
@FunctionalInterface
public interface ToolHandler {

  Future<ToolResult> call(JsonObject arguments, ToolCallContext context);
}
