package io.mcpfleet.server.mcp;

/**
 * A request that gets a JSON-RPC error answer. {@code httpStatus} is the status the Streamable HTTP
 * transport sends with it; errors found during dispatch are in-band (200) unless the protocol says otherwise.
 */
public class McpException extends RuntimeException {

  private final int code;
  private final int httpStatus;
  private final transient Object data;

  public McpException(int httpStatus, int code, String message, Object data) {
    super(message, null, false, false);
    this.code = code;
    this.httpStatus = httpStatus;
    this.data = data;
  }

  public McpException(int httpStatus, int code, String message) {
    this(httpStatus, code, message, null);
  }

  public static McpException invalidParams(String message) {
    return new McpException(200, JsonRpc.INVALID_PARAMS, message);
  }

  public int code() {
    return code;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public Object data() {
    return data;
  }
}
