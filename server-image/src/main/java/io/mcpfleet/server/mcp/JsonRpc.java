package io.mcpfleet.server.mcp;

import io.vertx.core.json.JsonObject;

/** JSON-RPC 2.0 message builders and the error codes this server answers with. */
public final class JsonRpc {

  public static final int PARSE_ERROR = -32700;
  public static final int INVALID_REQUEST = -32600;
  public static final int METHOD_NOT_FOUND = -32601;
  public static final int INVALID_PARAMS = -32602;
  public static final int INTERNAL_ERROR = -32603;
  /** 2025 transports: generic server error (bad session, not initialized). */
  public static final int SERVER_ERROR = -32000;
  /** 2025 transports: the Mcp-Session-Id is unknown or expired (HTTP 404; the client re-initializes). */
  public static final int SESSION_NOT_FOUND = -32001;
  // The server range, documented in docs/security.md: each pairs with an HTTP status.
  /** 401: no or invalid credential. */
  public static final int UNAUTHORIZED = -32005;
  /** 403: the caller may not use this tool or method. */
  public static final int FORBIDDEN = -32006;
  /** 429: over a rate limit; data carries limit and retryAfterSeconds. */
  public static final int RATE_LIMITED = -32007;
  /** 503: more requests in flight and queued than the server accepts. */
  public static final int OVERLOADED = -32008;
  /** The request ran past resilience.requestTimeout and was cancelled. */
  public static final int REQUEST_TIMEOUT = -32009;
  /** The tool's circuit breaker is open after repeated failures. */
  public static final int CIRCUIT_OPEN = -32010;
  /** A request the client cancelled (the code LSP uses; MCP clients ignore answers to cancelled requests). */
  public static final int REQUEST_CANCELLED = -32800;
  /** 2026-07-28: an MCP header is missing or disagrees with the body. */
  public static final int HEADER_MISMATCH = -32020;
  /** 2026-07-28: the request needs a client capability the client did not declare. */
  public static final int MISSING_CLIENT_CAPABILITY = -32021;
  /** 2026-07-28: the protocol version the request names is not served here. */
  public static final int UNSUPPORTED_PROTOCOL_VERSION = -32022;

  private JsonRpc() {}

  public static JsonObject result(Object id, JsonObject result) {
    return new JsonObject().put("jsonrpc", "2.0").put("id", id).put("result", result);
  }

  public static JsonObject error(Object id, int code, String message, Object data) {
    JsonObject error = new JsonObject().put("code", code).put("message", message);
    if (data != null) {
      error.put("data", data);
    }
    return new JsonObject().put("jsonrpc", "2.0").put("id", id).put("error", error);
  }

  public static JsonObject notification(String method, JsonObject params) {
    return new JsonObject().put("jsonrpc", "2.0").put("method", method).put("params", params);
  }
}
