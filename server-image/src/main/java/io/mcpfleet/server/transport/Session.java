package io.mcpfleet.server.transport;

import io.vertx.core.json.JsonObject;

/**
 * A handshake-era session: what initialize negotiated. Immutable, so any store (memory, Redis) can hand
 * out copies freely.
 */
public record Session(String id, String protocolVersion, JsonObject clientInfo, String principal, long createdAtMillis) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("protocolVersion", protocolVersion)
        .put("clientInfo", clientInfo)
        .put("principal", principal)
        .put("createdAt", createdAtMillis);
  }

  public static Session fromJson(JsonObject json) {
    return new Session(json.getString("id"), json.getString("protocolVersion"), json.getJsonObject("clientInfo"),
        json.getString("principal"), json.getLong("createdAt", 0L));
  }
}
