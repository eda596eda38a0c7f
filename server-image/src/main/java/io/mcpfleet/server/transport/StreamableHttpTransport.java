package io.mcpfleet.server.transport;

import io.mcpfleet.server.mcp.Era;
import io.mcpfleet.server.mcp.JsonRpc;
import io.mcpfleet.server.mcp.McpDispatcher;
import io.mcpfleet.server.mcp.McpException;
import io.mcpfleet.server.mcp.ProtocolVersions;
import io.mcpfleet.server.mcp.RequestContext;
import io.mcpfleet.server.observability.Metrics;
import io.mcpfleet.server.observability.RequestLog;
import io.mcpfleet.server.resilience.RateLimits;
import io.mcpfleet.server.security.Principal;
import io.vertx.core.Promise;
import io.mcpfleet.server.tools.Cancellation;
import io.mcpfleet.server.tools.ParamHeader;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The Streamable HTTP transport on one endpoint, serving both eras and deciding per request:
 * a request whose {@code params._meta} names a protocol version (or whose MCP-Protocol-Version header names
 * 2026-07-28 or later) is served statelessly under 2026-07-28 rules; initialize, and anything carrying
 * an Mcp-Session-Id, is served under the handshake revisions. Everything about HTTP lives here; the
 * {@link McpDispatcher} sees only methods and params.
 */
public final class StreamableHttpTransport {

  static final String SESSION_HEADER = "Mcp-Session-Id";
  static final String VERSION_HEADER = "MCP-Protocol-Version";
  static final String METHOD_HEADER = "Mcp-Method";
  static final String NAME_HEADER = "Mcp-Name";
  private static final String B64_PREFIX = "=?base64?";
  private static final String B64_SUFFIX = "?=";
  private static final SecureRandom RANDOM = new SecureRandom();
  static final int MAX_STREAMS_PER_SESSION = 4;
  /** JSON-RPC batches (2025-03-26 only) share one admission slot and one rate-limit token: keep them small. */
  static final int MAX_BATCH = 32;
  /** initialize's clientInfo is kept for the session's life: only its name and version, bounded. */
  private static final int MAX_CLIENT_INFO_CHARS = 256;

  private final Vertx vertx;
  private final McpDispatcher dispatcher;
  private final SessionStore sessions;
  private final long keepAliveMillis;
  private final long requestTimeoutMillis;
  private final Metrics metrics;
  /** Requests in flight on this instance, by session and request id, so notifications/cancelled can reach them. */
  private final Map<String, Cancellation> inFlight = new ConcurrentHashMap<>();
  /** Open GET streams on this instance, by session, so DELETE can close them. */
  private final Map<String, Set<OpenStream>> streams = new ConcurrentHashMap<>();

  private record OpenStream(Context context, HttpServerResponse response) {}

  public StreamableHttpTransport(Vertx vertx, McpDispatcher dispatcher, SessionStore sessions, long keepAliveMillis,
      long requestTimeoutMillis, Metrics metrics) {
    this.vertx = vertx;
    this.dispatcher = dispatcher;
    this.sessions = sessions;
    this.keepAliveMillis = keepAliveMillis;
    this.requestTimeoutMillis = requestTimeoutMillis;
    this.metrics = metrics;
  }

  /** The context key under which the rate-limit step leaves the caller's key (principal or client IP). */
  public static final String CLIENT_KEY = "mcp-fleet.clientKey";

  public void handle(RoutingContext rc) {
    switch (rc.request().method().name()) {
      case "POST" -> post(rc);
      case "GET" -> get(rc);
      case "DELETE" -> delete(rc);
      default -> {
        rc.response().putHeader("Allow", "GET, POST, DELETE");
        sendError(rc, 405, null, JsonRpc.SERVER_ERROR, "Method not allowed: use POST (GET and DELETE for handshake-era sessions)");
      }
    }
  }

  // ---------------------------------------------------------------------------------------------- POST

  private void post(RoutingContext rc) {
    HttpServerRequest req = rc.request();
    String contentType = req.getHeader("Content-Type");
    if (contentType == null || !mediaType(contentType).equals("application/json")) {
      sendError(rc, 415, null, JsonRpc.INVALID_REQUEST, "Unsupported Media Type: Content-Type must be application/json");
      return;
    }
    Accept accept = Accept.of(req.getHeader("Accept"));
    if (!accept.json() && !accept.sse()) {
      sendError(rc, 406, null, JsonRpc.INVALID_REQUEST,
          "Not Acceptable: the client must accept application/json and text/event-stream");
      return;
    }
    Buffer body = rc.body().buffer();
    Object parsed;
    try {
      parsed = body == null || body.length() == 0 ? null : Json.decodeValue(body);
    } catch (DecodeException e) {
      parsed = DecodeException.class;
    }
    if (parsed == DecodeException.class || body == null || body.length() == 0) {
      sendError(rc, 400, null, JsonRpc.PARSE_ERROR, "Parse error: the body is not valid JSON");
      return;
    }
    if (parsed == null) {
      sendError(rc, 400, null, JsonRpc.INVALID_REQUEST, "Invalid Request: the body must be a JSON-RPC object, not null");
      return;
    }
    try {
      if (parsed instanceof JsonArray batch) {
        postBatch(rc, batch, accept);
      } else if (parsed instanceof JsonObject msg) {
        postMessage(rc, Inbound.of(msg), accept);
      } else {
        sendError(rc, 400, null, JsonRpc.INVALID_REQUEST, "Invalid Request: the body must be a JSON-RPC object");
      }
    } catch (Inbound.IdentifiedException e) {
      sendError(rc, e.httpStatus(), e.id, e.code(), e.getMessage(), e.data());
    } catch (McpException e) {
      sendError(rc, e.httpStatus(), null, e.code(), e.getMessage(), e.data());
    }
  }

  private void postMessage(RoutingContext rc, Inbound msg, Accept accept) {
    HttpServerRequest req = rc.request();
    String versionHeader = trimmed(req.getHeader(VERSION_HEADER));
    // A header naming 2026-07-28 or later claims the stateless era; any other unknown version is answered by the
    // handshake path as unsupported (400, with the supported list), as the reference SDK does.
    boolean headerModern = versionHeader != null && !ProtocolVersions.isHandshake(versionHeader)
        && ProtocolVersions.isModern(versionHeader);
    if (msg.kind() == Inbound.Kind.REQUEST && msg.method().equals("initialize") && !msg.hasEnvelopeClaim()) {
      if (headerModern) {
        throw mismatch(msg.id(), versionHeader, "an initialize request (handshake era) was sent with a 2026-07-28 MCP-Protocol-Version header");
      }
      initialize(rc, msg);
      return;
    }
    if (msg.hasEnvelopeClaim() || headerModern) {
      servedModern(rc, msg, accept, versionHeader);
      return;
    }
    servedHandshake(rc, msg, accept, versionHeader);
  }

  // ----------------------------------------------------------------------------------- 2026-07-28 era

  private void servedModern(RoutingContext rc, Inbound msg, Accept accept, String versionHeader) {
    HttpServerRequest req = rc.request();
    String methodHeader = trimmed(req.getHeader(METHOD_HEADER));
    if (msg.kind() == Inbound.Kind.RESPONSE) {
      rc.response().setStatusCode(202).end();
      return;
    }
    JsonObject meta = msg.meta();
    String claimed = meta == null ? null : meta.getValue(ProtocolVersions.META_PROTOCOL_VERSION) instanceof String s ? s : null;
    if (msg.kind() == Inbound.Kind.NOTIFICATION) {
      if (methodHeader != null && !methodHeader.equals(msg.method())) {
        throw mismatch(null, methodHeader, "the notification names method " + msg.method() + " but the Mcp-Method header names " + methodHeader);
      }
      rc.response().setStatusCode(202).end();
      return;
    }
    // The validation ladder of 2026-07-28, in order: envelope, header/body agreement, version, headers.
    if (meta == null || !msg.hasEnvelopeClaim()) {
      throw new Inbound.IdentifiedException(400, JsonRpc.INVALID_PARAMS,
          "Invalid params: the MCP-Protocol-Version header names " + versionHeader
              + " but params._meta lacks io.modelcontextprotocol/protocolVersion and io.modelcontextprotocol/clientCapabilities",
          msg.id());
    }
    if (claimed == null) {
      throw new Inbound.IdentifiedException(400, JsonRpc.INVALID_PARAMS,
          "Invalid _meta envelope: io.modelcontextprotocol/protocolVersion must be a string", msg.id());
    }
    if (!(meta.getValue(ProtocolVersions.META_CLIENT_CAPABILITIES) instanceof JsonObject)) {
      throw new Inbound.IdentifiedException(400, JsonRpc.INVALID_PARAMS,
          "Invalid _meta envelope: io.modelcontextprotocol/clientCapabilities is missing or not an object", msg.id());
    }
    if (versionHeader != null && !versionHeader.equals(claimed)) {
      throw mismatch(msg.id(), versionHeader, "the body names protocol version " + claimed + " but the MCP-Protocol-Version header names " + versionHeader);
    }
    if (methodHeader != null && !methodHeader.equals(msg.method())) {
      throw mismatch(msg.id(), methodHeader, "the body names method " + msg.method() + " but the Mcp-Method header names " + methodHeader);
    }
    if (!ProtocolVersions.MODERN.equals(claimed)) {
      throw new Inbound.IdentifiedException(400, JsonRpc.UNSUPPORTED_PROTOCOL_VERSION,
          "Unsupported protocol version: " + claimed, msg.id(),
          new JsonObject().put("supported", new JsonArray(ProtocolVersions.ALL)).put("requested", claimed));
    }
    if (versionHeader == null) {
      throw mismatch(msg.id(), "(missing)", "the body names protocol version " + claimed + " but the required MCP-Protocol-Version header is absent");
    }
    if (methodHeader == null) {
      throw mismatch(msg.id(), "(missing)", "the body names method " + msg.method() + " but the required Mcp-Method header is absent");
    }
    checkNameHeader(msg, trimmed(req.getHeader(NAME_HEADER)));
    if ("tools/call".equals(msg.method()) && msg.params().getValue("name") instanceof String tool) {
      checkParamHeaders(msg, tool, req);
    }

    Cancellation cancellation = new Cancellation();
    // In 2026-07-28 closing the response stream is how a client cancels.
    rc.response().closeHandler(v -> cancellation.cancel("the client closed the response stream"));
    respond(rc, msg, Era.MODERN, ProtocolVersions.MODERN, accept, cancellation, () -> {});
  }

  private void checkNameHeader(Inbound msg, String nameHeader) {
    String field = switch (msg.method()) {
      case "tools/call", "prompts/get" -> "name";
      case "resources/read" -> "uri";
      default -> null;
    };
    if (field == null) {
      return;
    }
    String bodyValue = msg.params().getValue(field) instanceof String s ? s : null;
    if (nameHeader == null) {
      if (bodyValue != null) {
        throw mismatch(msg.id(), "(missing)", "the body carries params." + field + "=\"" + bodyValue + "\" but the required Mcp-Name header is absent");
      }
      return;
    }
    String decoded = decodeHeaderValue(nameHeader);
    if (decoded == null) {
      throw mismatch(msg.id(), nameHeader, "the Mcp-Name header carries an invalid Base64 value");
    }
    if (bodyValue != null && !decoded.equals(bodyValue)) {
      throw mismatch(msg.id(), nameHeader, "the body carries params." + field + "=\"" + bodyValue + "\" but the Mcp-Name header names \"" + decoded + "\"");
    }
  }

  private void checkParamHeaders(Inbound msg, String tool, HttpServerRequest req) {
    JsonObject args = msg.params().getValue("arguments") instanceof JsonObject a ? a : new JsonObject();
    for (ParamHeader decl : dispatcher.paramHeaders(tool)) {
      String expected = decl.expected(args);
      if (expected == null) {
        continue;
      }
      String header = decl.httpHeader();
      String value = trimmed(req.getHeader(header));
      if (value == null) {
        throw mismatch(msg.id(), header, "the body carries argument " + String.join(".", decl.path()) + " but the " + header + " header is absent");
      }
      String decoded = decodeHeaderValue(value);
      if (decoded == null) {
        throw mismatch(msg.id(), header, "the " + header + " header carries an invalid Base64 value");
      }
      if (!decoded.equals(expected)) {
        throw mismatch(msg.id(), header, "the " + header + " header says \"" + decoded + "\" but the body carries \"" + expected + "\"");
      }
    }
  }

  /** Header values that are not plain ASCII travel as {@code =?base64?...?=} (canonical Base64, padded). */
  static String decodeHeaderValue(String value) {
    if (!(value.startsWith(B64_PREFIX) && value.endsWith(B64_SUFFIX))) {
      return value;
    }
    String b64 = value.substring(B64_PREFIX.length(), value.length() - B64_SUFFIX.length());
    if (b64.length() % 4 != 0 || !b64.matches("[A-Za-z0-9+/]*={0,2}")) {
      return null;
    }
    try {
      byte[] bytes = Base64.getDecoder().decode(b64);
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  // ------------------------------------------------------------------------------------ handshake era

  private void initialize(RoutingContext rc, Inbound msg) {
    JsonObject params = msg.params();
    String requested = params.getValue("protocolVersion") instanceof String s ? s : null;
    if (requested == null) {
      throw new Inbound.IdentifiedException(200, JsonRpc.INVALID_PARAMS,
          "Invalid params: initialize needs params.protocolVersion", msg.id());
    }
    JsonObject result = dispatcher.initialize(requested);
    JsonObject clientInfo = trimmedClientInfo(params.getValue("clientInfo"));
    Session session = new Session(newSessionId(), result.getString("protocolVersion"), clientInfo,
        principal(rc).subject(), System.currentTimeMillis());
    sessions.put(session)
        .onSuccess(v -> {
          rc.response().putHeader(SESSION_HEADER, session.id());
          sendJson(rc, 200, JsonRpc.result(msg.id(), result));
        })
        .onFailure(err -> {
          if (err instanceof SessionStore.Full full) {
            rc.response().putHeader("Retry-After", "60");
            sendError(rc, 503, msg.id(), JsonRpc.OVERLOADED, "Cannot open a new session now: " + full.getMessage());
          } else {
            storeUnavailable(rc, msg.id());
          }
        });
  }

  private void servedHandshake(RoutingContext rc, Inbound msg, Accept accept, String versionHeader) {
    if (versionHeader != null && !ProtocolVersions.isHandshake(versionHeader)) {
      throw new Inbound.IdentifiedException(400, JsonRpc.INVALID_REQUEST,
          "Bad Request: unsupported MCP-Protocol-Version " + versionHeader + " (supported: " + String.join(", ", ProtocolVersions.ALL) + ")",
          msg.id());
    }
    withSession(rc, msg.id(), session -> {
      switch (msg.kind()) {
        case RESPONSE -> rc.response().setStatusCode(202).end();
        case NOTIFICATION -> {
          if (msg.method().equals("notifications/cancelled") && msg.params().getValue("requestId") != null) {
            Cancellation c = inFlight.get(flightKey(session.id(), msg.params().getValue("requestId")));
            if (c != null) {
              String reason = msg.params().getValue("reason") instanceof String r ? r : "cancelled by the client";
              c.cancel(reason);
            }
          }
          rc.response().setStatusCode(202).end();
        }
        case REQUEST -> {
          String key = flightKey(session.id(), msg.id());
          Cancellation cancellation = new Cancellation();
          inFlight.put(key, cancellation);
          respond(rc, msg, Era.HANDSHAKE, session.protocolVersion(), accept, cancellation, () -> inFlight.remove(key, cancellation));
        }
      }
    });
  }

  private void postBatch(RoutingContext rc, JsonArray batch, Accept accept) {
    if (batch.isEmpty()) {
      throw new McpException(400, JsonRpc.INVALID_REQUEST, "Invalid Request: empty JSON-RPC batch");
    }
    if (batch.size() > MAX_BATCH) {
      throw new McpException(400, JsonRpc.INVALID_REQUEST,
          "Invalid Request: a JSON-RPC batch may hold at most " + MAX_BATCH + " messages; send more requests instead");
    }
    List<Inbound> messages = new ArrayList<>();
    for (Object element : batch) {
      if (!(element instanceof JsonObject o)) {
        throw new McpException(400, JsonRpc.INVALID_REQUEST, "Invalid Request: a batch element is not a JSON-RPC object");
      }
      Inbound m = Inbound.of(o);
      if (m.hasEnvelopeClaim()) {
        throw new McpException(400, JsonRpc.INVALID_REQUEST, "Invalid Request: JSON-RPC batches are not allowed in protocol version 2026-07-28");
      }
      if ("initialize".equals(m.method())) {
        throw new McpException(400, JsonRpc.INVALID_REQUEST, "Invalid Request: initialize must not be part of a JSON-RPC batch");
      }
      messages.add(m);
    }
    withSession(rc, null, session -> {
      if (!ProtocolVersions.DEFAULT_HANDSHAKE.equals(session.protocolVersion())) {
        sendError(rc, 400, null, JsonRpc.INVALID_REQUEST,
            "Invalid Request: JSON-RPC batches are only allowed in protocol version 2025-03-26; this session uses " + session.protocolVersion());
        return;
      }
      List<Future<JsonObject>> answers = new ArrayList<>();
      for (Inbound m : messages) {
        if (m.kind() == Inbound.Kind.REQUEST) {
          RequestContext ctx = new RequestContext(Era.HANDSHAKE, session.protocolVersion(), principal(rc),
              rc.get(RequestLog.REQUEST_ID), clientKey(rc), null, new Cancellation());
          answers.add(dispatcher.dispatch(m.method(), m.params(), ctx)
              .map(r -> JsonRpc.result(m.id(), r))
              .recover(err -> Future.succeededFuture(errorMessage(m.id(), err))));
        }
      }
      if (answers.isEmpty()) {
        rc.response().setStatusCode(202).end();
        return;
      }
      Future.join(answers).onComplete(ar -> {
        JsonArray out = new JsonArray();
        answers.forEach(f -> out.add(f.result()));
        rc.response().setStatusCode(200).putHeader("Content-Type", "application/json").end(out.toBuffer());
      });
    });
  }

  // ------------------------------------------------------------------------------------ GET / DELETE

  private void get(RoutingContext rc) {
    if (!Accept.of(rc.request().getHeader("Accept")).sse()) {
      sendError(rc, 406, null, JsonRpc.INVALID_REQUEST, "Not Acceptable: a GET stream needs Accept: text/event-stream");
      return;
    }
    String versionHeader = trimmed(rc.request().getHeader(VERSION_HEADER));
    if (versionHeader != null && !ProtocolVersions.isHandshake(versionHeader)) {
      rc.response().putHeader("Allow", "POST");
      sendError(rc, 405, null, JsonRpc.SERVER_ERROR, "Method Not Allowed: protocol version " + versionHeader + " has no GET stream; use subscriptions over POST");
      return;
    }
    withSession(rc, null, session -> {
      HttpServerResponse response = rc.response();
      if (response.closed()) {
        return; // the client left while the session was looked up
      }
      Set<OpenStream> open = streams.computeIfAbsent(session.id(), k -> ConcurrentHashMap.newKeySet());
      if (open.size() >= MAX_STREAMS_PER_SESSION) {
        sendError(rc, 429, null, JsonRpc.SERVER_ERROR,
            "Too many open GET streams for this session (at most " + MAX_STREAMS_PER_SESSION + ")");
        return;
      }
      SseStream.prepare(response);
      response.setStatusCode(200);
      response.write(": stream open\n\n");
      OpenStream stream = new OpenStream(vertx.getOrCreateContext(), response);
      open.add(stream);
      long ping = vertx.setPeriodic(keepAliveMillis, id -> {
        if (!response.closed() && !response.ended()) {
          response.write(": keep-alive\n\n");
        }
      });
      // However the stream ends (client gone, DELETE, shutdown): stop the keep-alive, forget the stream, and
      // drop the session's entry once it has no stream left. addEndHandler keeps the access log's handler too.
      rc.addEndHandler(v -> {
        vertx.cancelTimer(ping);
        streams.computeIfPresent(session.id(), (k, set) -> {
          set.remove(stream);
          return set.isEmpty() ? null : set;
        });
      });
    });
  }

  private void delete(RoutingContext rc) {
    // Only the principal that created a session may end it: withSession checks ownership first.
    withSession(rc, null, session -> sessions.remove(session.id()).onComplete(ar -> {
      if (ar.failed()) {
        storeUnavailable(rc, null);
        return;
      }
      if (!ar.result()) {
        sendError(rc, 404, null, JsonRpc.SESSION_NOT_FOUND, "Session not found");
        return;
      }
      closeStreams(session.id());
      rc.response().setStatusCode(200).end();
    }));
  }

  /** Ends every GET stream of a session held by this instance (used by DELETE and shutdown). */
  public void closeStreams(String sessionId) {
    Set<OpenStream> set = streams.remove(sessionId);
    if (set != null) {
      set.forEach(s -> s.context().runOnContext(v -> {
        if (!s.response().ended() && !s.response().closed()) {
          s.response().end();
        }
      }));
    }
  }

  public void closeAllStreams() {
    List.copyOf(streams.keySet()).forEach(this::closeStreams);
  }

  // ----------------------------------------------------------------------------------------- common

  private void withSession(RoutingContext rc, Object requestId, Consumer<Session> then) {
    String id = rc.request().getHeader(SESSION_HEADER);
    if (id == null) {
      sendError(rc, 400, requestId, JsonRpc.SERVER_ERROR,
          "Bad Request: Mcp-Session-Id header is required; send initialize first (handshake era), "
              + "or put io.modelcontextprotocol/protocolVersion in params._meta (2026-07-28)");
      return;
    }
    sessions.get(id).onComplete(ar -> {
      if (ar.failed()) {
        storeUnavailable(rc, requestId);
      } else if (ar.result() == null || !principal(rc).subject().equals(ar.result().principal())) {
        // A session presented by someone other than its creator is treated as unknown: no hint it exists.
        sendError(rc, 404, requestId, JsonRpc.SESSION_NOT_FOUND, "Session not found: initialize a new session");
      } else {
        then.accept(ar.result());
      }
    });
  }

  private void respond(RoutingContext rc, Inbound msg, Era era, String version, Accept accept,
      Cancellation cancellation, Runnable cleanup) {
    long start = System.nanoTime();
    String tool = "tools/call".equals(msg.method()) && msg.params().getValue("name") instanceof String n ? n : null;
    rc.put(RequestLog.MCP_METHOD, msg.method());
    rc.put(RequestLog.MCP_ERA, era == Era.MODERN ? "modern" : "handshake");
    if (tool != null) {
      rc.put(RequestLog.MCP_TOOL, tool);
    }
    SseStream sse = accept.sse() && tool != null ? new SseStream(rc.response()) : null;
    RequestContext ctx = new RequestContext(era, version, principal(rc), rc.get(RequestLog.REQUEST_ID), clientKey(rc),
        sse == null ? null : sse::send, cancellation);
    Future<JsonObject> dispatched = dispatcher.dispatch(msg.method(), msg.params(), ctx);
    Future<JsonObject> answer;
    long timer;
    if (dispatched.isComplete()) {
      answer = dispatched; // answered synchronously: no timeout to arm
      timer = -1;
    } else {
      Promise<JsonObject> bounded = Promise.promise();
      // The request timeout caps everything, whatever a tool's own timeout says; the handler is cancelled.
      timer = vertx.setTimer(requestTimeoutMillis, id -> {
        bounded.tryFail(new McpException(200, JsonRpc.REQUEST_TIMEOUT,
            "Request timed out after " + requestTimeoutMillis + " ms and was cancelled"));
        cancellation.cancel("request timeout");
      });
      dispatched.onComplete(bounded::tryComplete, bounded::tryFail);
      answer = bounded.future();
    }
    answer.onComplete(ar -> {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
      }
      cleanup.run();
      metrics.request(msg.method(), tool == null ? "" : tool, era == Era.MODERN ? "modern" : "handshake",
          outcome(ar), System.nanoTime() - start);
      if (rc.response().closed() || rc.response().ended()) {
        return;
      }
      JsonObject reply = ar.succeeded() ? JsonRpc.result(msg.id(), ar.result()) : errorMessage(msg.id(), ar.cause());
      int status = 200;
      if (ar.failed()) {
        status = ar.cause() instanceof McpException e ? e.httpStatus() : 500;
        if (ar.cause() instanceof McpException e) {
          RateLimits.applyHeaders(rc.response(), e);
        }
      }
      if (sse != null && sse.started()) {
        sse.end(reply);
      } else {
        sendJson(rc, status, reply);
      }
    });
  }

  private static String outcome(io.vertx.core.AsyncResult<JsonObject> ar) {
    if (ar.succeeded()) {
      return Boolean.TRUE.equals(ar.result().getValue("isError")) ? "tool_error" : "ok";
    }
    if (!(ar.cause() instanceof McpException e)) {
      return "internal_error";
    }
    return switch (e.code()) {
      case JsonRpc.RATE_LIMITED -> "rate_limited";
      case JsonRpc.FORBIDDEN -> "forbidden";
      case JsonRpc.REQUEST_TIMEOUT -> "timeout";
      case JsonRpc.REQUEST_CANCELLED -> "cancelled";
      case JsonRpc.CIRCUIT_OPEN -> "circuit_open";
      case JsonRpc.METHOD_NOT_FOUND -> "method_not_found";
      case JsonRpc.INVALID_PARAMS -> "invalid_params";
      default -> "error";
    };
  }

  private static String clientKey(RoutingContext rc) {
    String key = rc.get(CLIENT_KEY);
    return key != null ? key : "ip:" + rc.request().remoteAddress().hostAddress();
  }

  private static Principal principal(RoutingContext rc) {
    Principal p = rc.get(Principal.KEY);
    return p == null ? Principal.ANONYMOUS : p;
  }

  private static JsonObject errorMessage(Object id, Throwable err) {
    if (err instanceof McpException e) {
      return JsonRpc.error(id, e.code(), e.getMessage(), e.data());
    }
    // Never a stack trace or an exception message to the client: the log has the details.
    org.slf4j.LoggerFactory.getLogger(StreamableHttpTransport.class).error("request {} failed", id, err);
    return JsonRpc.error(id, JsonRpc.INTERNAL_ERROR, "Internal error", null);
  }

  private static McpException mismatch(Object id, String header, String body) {
    return new Inbound.IdentifiedException(400, JsonRpc.HEADER_MISMATCH, "Bad Request: the request headers and body disagree: " + body, id,
        new JsonObject().put("mismatch", new JsonObject().put("header", header).put("body", body)));
  }

  /** The session store (Redis) did not answer in time: a quick 503 the client may retry, never a hang. */
  private static void storeUnavailable(RoutingContext rc, Object requestId) {
    if (!rc.response().ended() && !rc.response().closed()) {
      rc.response().putHeader("Retry-After", "1");
    }
    sendError(rc, 503, requestId, JsonRpc.INTERNAL_ERROR, "Session store unavailable; retry shortly",
        new JsonObject().put("reason", "session-store-unavailable").put("retryAfterSeconds", 1));
  }

  static void sendJson(RoutingContext rc, int status, JsonObject body) {
    rc.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.toBuffer());
  }

  static void sendError(RoutingContext rc, int status, Object id, int code, String message) {
    sendError(rc, status, id, code, message, null);
  }

  static void sendError(RoutingContext rc, int status, Object id, int code, String message, Object data) {
    if (rc.response().ended() || rc.response().closed()) {
      return;
    }
    sendJson(rc, status, JsonRpc.error(id, code, message, data));
  }

  /** Only name and version, as bounded strings: a session must not carry whatever a client chose to send. */
  private static JsonObject trimmedClientInfo(Object given) {
    JsonObject out = new JsonObject();
    if (given instanceof JsonObject ci) {
      for (String key : new String[] {"name", "version"}) {
        if (ci.getValue(key) instanceof String v) {
          out.put(key, v.length() <= MAX_CLIENT_INFO_CHARS ? v : v.substring(0, MAX_CLIENT_INFO_CHARS));
        }
      }
    }
    return out;
  }

  private static String flightKey(String sessionId, Object requestId) {
    return sessionId + '\u0000' + (requestId instanceof String s ? "s:" + s : "n:" + requestId);
  }

  private static String newSessionId() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String mediaType(String header) {
    if (header.equals("application/json")) {
      return header; // the common case, without allocating
    }
    int semi = header.indexOf(';');
    return (semi < 0 ? header : header.substring(0, semi)).trim().toLowerCase();
  }

  private static String trimmed(String header) {
    return header == null ? null : header.strip();
  }

  /** What a client's Accept header allows among the two media types this endpoint produces. */
  record Accept(boolean json, boolean sse) {

    private static final Accept JSON_ONLY = new Accept(true, false);
    /** Clients send the same few Accept headers over and over; parse each once (bounded, so no memory risk). */
    private static final Map<String, Accept> SEEN = new ConcurrentHashMap<>();

    static Accept of(String header) {
      if (header == null || header.isBlank()) {
        return JSON_ONLY;
      }
      Accept known = SEEN.get(header);
      if (known != null) {
        return known;
      }
      Accept parsed = parse(header);
      if (SEEN.size() < 256) {
        SEEN.put(header, parsed);
      }
      return parsed;
    }

    private static Accept parse(String header) {
      boolean json = false;
      boolean sse = false;
      boolean any = false;
      for (String part : header.split(",")) {
        String type = mediaType(part);
        switch (type) {
          case "application/json" -> json = true;
          case "text/event-stream" -> sse = true;
          case "*/*", "application/*" -> any = true;
          default -> { }
        }
      }
      return new Accept(json || any, sse);
    }
  }
}
