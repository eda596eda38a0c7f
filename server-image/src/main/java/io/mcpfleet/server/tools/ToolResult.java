package io.mcpfleet.server.tools;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** A {@code CallToolResult}: text content, optional structured content, and whether the tool failed. */
public record ToolResult(String text, JsonObject structured, boolean isError) {

  public static ToolResult text(String text) {
    return new ToolResult(text, null, false);
  }

  public static ToolResult structured(JsonObject structured) {
    return new ToolResult(structured.encode(), structured, false);
  }

  public static ToolResult error(String message) {
    return new ToolResult(message, null, true);
  }

  public JsonObject toJson() {
    JsonObject json =
        new JsonObject().put("content", new JsonArray().add(new JsonObject().put("type", "text").put("text", text)));
    if (structured != null) {
      json.put("structuredContent", structured);
    }
    if (isError) {
      json.put("isError", true);
    }
    return json;
  }
}
