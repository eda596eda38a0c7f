package io.mcpfleet.server.observability;

import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail of tool calls, on its own logger ({@code mcp.audit}, a separate stream in the log
 * configuration): who called which tool, when, and how it ended. Argument values only when configured,
 * because they may carry personal data.
 */
public final class AuditLog {

  private static final Logger AUDIT = LoggerFactory.getLogger("mcp.audit");

  private final boolean enabled;
  private final boolean includeArguments;

  public AuditLog(boolean enabled, boolean includeArguments) {
    this.enabled = enabled;
    this.includeArguments = includeArguments;
  }

  public void toolCall(String requestId, String principal, String tool, JsonObject arguments, String outcome, long nanos) {
    if (!enabled) {
      return;
    }
    var e = AUDIT.atInfo()
        .addKeyValue("requestId", requestId)
        .addKeyValue("principal", principal)
        .addKeyValue("tool", tool)
        .addKeyValue("outcome", outcome)
        .addKeyValue("durationMs", nanos / 1_000_000.0);
    if (includeArguments && arguments != null) {
      e = e.addKeyValue("arguments", arguments.encode());
    }
    e.log("tool call");
  }
}
