package io.mcpfleet.server.observability;

import io.mcpfleet.server.security.Principal;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First step of the chain: gives every request an id (the caller's {@code X-Request-Id} when it is sane,
 * else a fresh one), echoes it, and writes one structured access-log line when the response is done.
 */
public final class RequestLog implements Handler<RoutingContext> {

  public static final String REQUEST_ID = "mcp-fleet.requestId";
  /** Set by the transport so the access log can say what the request was in MCP terms. */
  public static final String MCP_METHOD = "mcp-fleet.mcpMethod";
  public static final String MCP_TOOL = "mcp-fleet.mcpTool";
  public static final String MCP_ERA = "mcp-fleet.era";

  private static final Logger ACCESS = LoggerFactory.getLogger("mcp.access");
  private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private final boolean accessLog;

  public RequestLog(boolean accessLog) {
    this.accessLog = accessLog;
  }

  @Override
  public void handle(RoutingContext rc) {
    long start = System.nanoTime();
    String given = rc.request().getHeader("X-Request-Id");
    String id = given != null && SANE_ID.matcher(given).matches() ? given : newId();
    rc.put(REQUEST_ID, id);
    rc.response().putHeader("X-Request-Id", id);
    if (accessLog) {
      rc.addEndHandler(v -> log(rc, id, start));
    }
    rc.next();
  }

  private static void log(RoutingContext rc, String id, long start) {
    if (!ACCESS.isInfoEnabled()) {
      return;
    }
    Principal p = rc.get(Principal.KEY);
    var e = ACCESS.atInfo()
        .addKeyValue("requestId", id)
        .addKeyValue("httpMethod", rc.request().method().name())
        .addKeyValue("path", rc.request().path())
        .addKeyValue("status", rc.response().getStatusCode())
        .addKeyValue("durationMs", (System.nanoTime() - start) / 1_000_000.0)
        .addKeyValue("principal", (Object) (p == null ? null : p.subject()));
    String method = rc.get(MCP_METHOD);
    if (method != null) {
      String era = rc.get(MCP_ERA);
      e = e.addKeyValue("mcpMethod", method).addKeyValue("era", era);
      String tool = rc.get(MCP_TOOL);
      if (tool != null) {
        e = e.addKeyValue("tool", tool);
      }
    }
    e.log("request");
  }

  static String newId() {
    return Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
  }
}
