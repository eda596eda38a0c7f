package io.mcpfleet.server.transport;

import io.mcpfleet.server.mcp.JsonRpc;
import io.mcpfleet.server.mcp.McpException;
import io.vertx.core.json.JsonObject;

/** One JSON-RPC message as posted: a request (method + id), a notification (method), or a response. */
record Inbound(Kind kind, Object id, String method, JsonObject params, JsonObject raw) {

  enum Kind { REQUEST, NOTIFICATION, RESPONSE }

  /** Classifies a posted JSON object, or throws invalid request with the id echoed when it is usable. */
  static Inbound of(JsonObject msg) {
    Object id = msg.getValue("id");
    boolean validId = id instanceof String || (id instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()));
    if (!"2.0".equals(msg.getValue("jsonrpc"))) {
      throw invalid(validId ? id : null, "Invalid Request: \"jsonrpc\" must be \"2.0\"");
    }
    Object method = msg.getValue("method");
    if (method != null) {
      if (!(method instanceof String m) || m.isEmpty()) {
        throw invalid(validId ? id : null, "Invalid Request: \"method\" must be a non-empty string");
      }
      Object params = msg.getValue("params");
      if (params != null && !(params instanceof JsonObject)) {
        throw invalid(validId ? id : null, "Invalid Request: \"params\" must be an object");
      }
      JsonObject p = params == null ? new JsonObject() : (JsonObject) params;
      if (!msg.containsKey("id")) {
        return new Inbound(Kind.NOTIFICATION, null, m, p, msg);
      }
      if (!validId) {
        throw invalid(null, "Invalid Request: \"id\" must be a string or an integer");
      }
      return new Inbound(Kind.REQUEST, id, m, p, msg);
    }
    if ((msg.containsKey("result") || msg.containsKey("error")) && msg.containsKey("id")) {
      return new Inbound(Kind.RESPONSE, id, null, null, msg);
    }
    throw invalid(validId ? id : null, "Invalid Request: not a JSON-RPC request, notification or response");
  }

  private static McpException invalid(Object id, String message) {
    return new IdentifiedException(400, JsonRpc.INVALID_REQUEST, message, id);
  }

  JsonObject meta() {
    return params != null && params.getValue("_meta") instanceof JsonObject m ? m : null;
  }

  /** A 2026-07-28 request names its protocol version inside {@code params._meta}. */
  boolean hasEnvelopeClaim() {
    JsonObject meta = meta();
    return meta != null && meta.containsKey(io.mcpfleet.server.mcp.ProtocolVersions.META_PROTOCOL_VERSION);
  }

  /** An {@link McpException} that knows which request id to answer. */
  static final class IdentifiedException extends McpException {
    final Object id;

    IdentifiedException(int status, int code, String message, Object id) {
      this(status, code, message, id, null);
    }

    IdentifiedException(int status, int code, String message, Object id, Object data) {
      super(status, code, message, data);
      this.id = id;
    }
  }
}
