package io.mcpfleet.server.mcp;

import io.mcpfleet.server.observability.AuditLog;
import io.mcpfleet.server.resilience.RateLimits;
import io.mcpfleet.server.tools.ParamHeader;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.mcpfleet.server.tools.Tool;
import io.mcpfleet.server.tools.ToolCallContext;
import io.mcpfleet.server.tools.ToolRegistry;
import io.mcpfleet.server.tools.ToolResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MCP methods, independent of HTTP: the transport decides era, version and session, and hands over
 * method, params and a {@link RequestContext}. Results come back as JSON; protocol errors as a failed
 * future carrying an {@link McpException}.
 */
public final class McpDispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(McpDispatcher.class);
  /** How long a modern client may cache tools/list: the list changes only when the pod rolls. */
  static final long TOOLS_TTL_MS = 300_000;
  static final String TIMEOUT = "timeout";

  private final Vertx vertx;
  private final ServerInfo serverInfo;
  private final ToolRegistry tools;
  private final int pageSize;
  private final int toolsFingerprint;
  private final RateLimits rateLimits;
  private final AuditLog audit;
  private final Tracer tracer;

  public McpDispatcher(Vertx vertx, ServerInfo serverInfo, ToolRegistry tools, int pageSize,
      RateLimits rateLimits, AuditLog audit, Tracer tracer) {
    this.vertx = vertx;
    this.serverInfo = serverInfo;
    this.tools = tools;
    this.pageSize = pageSize;
    this.rateLimits = rateLimits;
    this.audit = audit;
    this.tracer = tracer;
    this.toolsFingerprint = tools.all().stream().map(Tool::descriptor).toList().hashCode();
  }

  /** The {@code x-mcp-header} declarations of a tool (empty for unknown tools: dispatch reports those). */
  public List<ParamHeader> paramHeaders(String toolName) {
    Tool tool = tools.get(toolName);
    return tool == null ? List.of() : tool.paramHeaders();
  }

  public Future<JsonObject> dispatch(String method, JsonObject params, RequestContext ctx) {
    try {
      Future<JsonObject> result =
          switch (method) {
            // ping was removed in 2026-07-28 (a stateless server has no connection to keep alive).
            case "ping" -> ctx.era() == Era.HANDSHAKE ? Future.succeededFuture(new JsonObject()) : notFound(method, ctx);
            case "tools/list" -> Future.succeededFuture(listTools(params, ctx));
            case "tools/call" -> callTool(params, ctx);
            case "server/discover" -> ctx.era() == Era.MODERN ? Future.succeededFuture(discover()) : notFound(method, ctx);
            default -> notFound(method, ctx);
          };
      return ctx.era() == Era.MODERN ? result.map(McpDispatcher::complete) : result;
    } catch (McpException e) {
      return Future.failedFuture(e);
    }
  }

  private List<Tool> visibleTools(RequestContext ctx) {
    if (ctx.principal().isAnonymous() || tools.all().stream().allMatch(t -> t.spec().roles().isEmpty())) {
      return tools.all();
    }
    return tools.all().stream().filter(t -> ctx.principal().mayUse(t.spec().roles())).toList();
  }

  /** The answer to a handshake-era initialize: the version it asked for when we speak it, else our newest. */
  public JsonObject initialize(String requestedVersion) {
    String version = ProtocolVersions.isHandshake(requestedVersion) ? requestedVersion : ProtocolVersions.LATEST_HANDSHAKE;
    JsonObject result = new JsonObject()
        .put("protocolVersion", version)
        .put("capabilities", new JsonObject().put("tools", new JsonObject().put("listChanged", false)))
        .put("serverInfo", serverInfo.toJson());
    if (serverInfo.instructions() != null) {
      result.put("instructions", serverInfo.instructions());
    }
    return result;
  }

  private JsonObject discover() {
    JsonObject result = new JsonObject()
        .put("supportedVersions", new JsonArray(List.copyOf(ProtocolVersions.ALL)))
        .put("capabilities", new JsonObject().put("tools", new JsonObject()))
        .put("ttlMs", TOOLS_TTL_MS)
        .put("cacheScope", "public")
        .put("_meta", new JsonObject().put(ProtocolVersions.META_SERVER_INFO, serverInfo.toJson()));
    if (serverInfo.instructions() != null) {
      result.put("instructions", serverInfo.instructions());
    }
    return result;
  }

  private JsonObject listTools(JsonObject params, RequestContext ctx) {
    // A caller sees only the tools it may call; the cursor fingerprint covers what this caller sees.
    List<Tool> all = visibleTools(ctx);
    int toolsFingerprint = all == tools.all() ? this.toolsFingerprint : all.stream().map(Tool::name).toList().hashCode();
    Object cursor = params.getValue("cursor");
    int from = cursor == null ? 0 : Cursors.decode(cursor, toolsFingerprint, all.size());
    int to = Math.min(all.size(), from + pageSize);
    JsonArray page = new JsonArray();
    for (int i = from; i < to; i++) {
      page.add(all.get(i).descriptor());
    }
    JsonObject result = new JsonObject().put("tools", page);
    if (to < all.size()) {
      result.put("nextCursor", Cursors.encode(to, toolsFingerprint));
    }
    if (ctx.era() == Era.MODERN) {
      // With auth on, the list depends on who asks: shared caches must not serve it to someone else.
      result.put("ttlMs", TOOLS_TTL_MS).put("cacheScope", ctx.principal().isAnonymous() ? "public" : "private");
    }
    return result;
  }

  private Future<JsonObject> callTool(JsonObject params, RequestContext ctx) {
    if (!(params.getValue("name") instanceof String name)) {
      throw McpException.invalidParams("tools/call needs params.name (a string)");
    }
    Tool tool = tools.get(name);
    if (tool == null) {
      throw McpException.invalidParams("Unknown tool: " + name);
    }
    if (!ctx.principal().mayUse(tool.spec().roles())) {
      throw new McpException(403, JsonRpc.FORBIDDEN,
          "Forbidden: tool " + name + " needs one of the roles " + tool.spec().roles());
    }
    Object rawArgs = params.getValue("arguments");
    if (rawArgs != null && !(rawArgs instanceof JsonObject)) {
      throw McpException.invalidParams("tools/call params.arguments must be an object");
    }
    JsonObject args = rawArgs == null ? new JsonObject() : (JsonObject) rawArgs;
    Integer rpm = tool.spec().requestsPerMinute();
    if (rpm == null || rateLimits == null) {
      return invoke(tool, args, params, ctx);
    }
    return rateLimits.admitTool(name, rpm, tool.spec().burst(), ctx.clientKey())
        .compose(v -> invoke(tool, args, params, ctx));
  }

  private Future<JsonObject> invoke(Tool tool, JsonObject args, JsonObject params, RequestContext ctx) {
    String name = tool.name();
    // Invalid arguments are a tool error the model can read and correct, not a protocol error.
    Optional<String> invalid = tool.input().check(args);
    if (invalid.isPresent()) {
      return Future.succeededFuture(
          ToolResult.error("Invalid arguments for tool " + name + ": " + invalid.get()).toJson());
    }
    Progress progress = Progress.of(params, ctx);
    progress.send(0, "started");
    long start = System.nanoTime();
    Span span = tracer.spanBuilder("tools/call " + name).setAttribute("mcp.tool.name", name).startSpan();
    ToolCallContext toolCtx = new ToolCallContext(p -> progress.send(p.progress(), p.message()), ctx.cancellation());
    Future<ToolResult> call = start(tool, args, toolCtx);
    Promise<JsonObject> done = Promise.promise();
    if (call.isComplete()) {
      // Most calls of static tools end here: no timer, no cancellation hook to set up and tear down.
      settle(tool, call, done);
    } else {
      long timeoutMs = tool.spec().timeout().toMillis();
      long timer = vertx.setTimer(timeoutMs, id -> {
        done.tryComplete(ToolResult.error("Tool " + name + " did not finish within " + timeoutMs + " ms").toJson());
        ctx.cancellation().cancel(TIMEOUT);
      });
      // A client's cancellation ends the request at once; the handler is told through the same signal. The
      // handler may finish first (its own cancel listener runs before this one): the answer is the same either way.
      ctx.cancellation().onCancel(() -> done.tryFail(cancelled(ctx)));
      call.onComplete(ar -> {
        vertx.cancelTimer(timer);
        if (ctx.cancellation().isCancelled() && !TIMEOUT.equals(ctx.cancellation().reason())) {
          done.tryFail(cancelled(ctx));
        } else {
          settle(tool, call, done);
        }
      });
    }
    return done.future()
        .onSuccess(r -> progress.send(1, "done"))
        .onComplete(ar -> {
          String outcome = ar.failed() ? "error"
              : Boolean.TRUE.equals(ar.result().getBoolean("isError")) ? "tool_error" : "ok";
          if (ar.failed() || "tool_error".equals(outcome)) {
            span.setStatus(StatusCode.ERROR);
          }
          span.setAttribute("mcp.outcome", outcome);
          span.end();
          audit.toolCall(ctx.requestId(), ctx.principal().subject(), name, args, outcome, System.nanoTime() - start);
        });
  }

  private static McpException cancelled(RequestContext ctx) {
    return new McpException(200, JsonRpc.REQUEST_CANCELLED, "Request cancelled: " + ctx.cancellation().reason());
  }

  private static Future<ToolResult> start(Tool tool, JsonObject args, ToolCallContext toolCtx) {
    try {
      return tool.handler().call(args, toolCtx);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private static void settle(Tool tool, Future<ToolResult> call, Promise<JsonObject> done) {
    if (call.succeeded()) {
      done.tryComplete(checkOutput(tool, call.result()).toJson());
    } else if (call.cause() instanceof McpException e) {
      done.tryFail(e);
    } else {
      LOG.warn("tool {} failed", tool.name(), call.cause());
      done.tryComplete(ToolResult.error("Tool " + tool.name() + " failed").toJson());
    }
  }

  private static ToolResult checkOutput(Tool tool, ToolResult result) {
    if (tool.output() == null || result.isError()) {
      return result;
    }
    if (result.structured() == null) {
      return ToolResult.error("Tool " + tool.name() + " returned no structured content, but declares an outputSchema");
    }
    return tool.output().check(result.structured())
        .map(why -> ToolResult.error("Tool " + tool.name() + " returned output that does not match its outputSchema: " + why))
        .orElse(result);
  }

  private static Future<JsonObject> notFound(String method, RequestContext ctx) {
    int status = ctx.era() == Era.MODERN ? 404 : 200;
    return Future.failedFuture(new McpException(status, JsonRpc.METHOD_NOT_FOUND, "Method not found: " + method));
  }

  /** 2026-07-28 results say whether they are complete or need more input; ours are always complete. */
  private static JsonObject complete(JsonObject result) {
    return result.containsKey("resultType") ? result : result.put("resultType", "complete");
  }

  /** Progress notifications for one request, sent only when asked for and only ever increasing. */
  private record Progress(Object token, RequestContext ctx, AtomicReference<Double> last) {

    static Progress of(JsonObject params, RequestContext ctx) {
      Object token = params.getValue("_meta") instanceof JsonObject meta ? meta.getValue("progressToken") : null;
      return new Progress(ctx.notifications() == null ? null : token, ctx, new AtomicReference<>(-1.0));
    }

    void send(double value, String message) {
      if (token == null) {
        return;
      }
      Double previous = last.get();
      if (value <= previous || !last.compareAndSet(previous, value)) {
        return;
      }
      JsonObject p = new JsonObject().put("progressToken", token).put("progress", value).put("total", 1.0);
      if (message != null) {
        p.put("message", message);
      }
      ctx.notifications().accept(JsonRpc.notification("notifications/progress", p));
    }
  }
}
