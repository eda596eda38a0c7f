package io.mcpfleet.server.mcp;

import io.vertx.core.json.JsonObject;

/** The server's identity as it introduces itself to clients. */
public record ServerInfo(String name, String version, String instructions) {

  public JsonObject toJson() {
    return new JsonObject().put("name", name).put("version", version);
  }
}
