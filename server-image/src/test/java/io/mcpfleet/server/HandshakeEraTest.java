package io.mcpfleet.server;

import static io.mcpfleet.server.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The 2025-03-26 .. 2025-11-25 revisions over real HTTP: handshake, sessions, streams, batches. */
class HandshakeEraTest {

  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(Fixtures.TOOLS);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void initializeNegotiatesTheRequestedVersionAndIssuesAnOpaqueSession() {
    HttpResponse<String> r = server.send(server.post(
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-03-26\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}"));
    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject result = json(r).getJsonObject("result");
    assertThat(result.getString("protocolVersion")).isEqualTo("2025-03-26");
    assertThat(result.getJsonObject("capabilities").containsKey("tools")).isTrue();
    assertThat(result.getJsonObject("serverInfo").getString("name")).isEqualTo("test");
    String session = r.headers().firstValue("Mcp-Session-Id").orElseThrow();
    assertThat(session).matches("[\\x21-\\x7e]{20,}");
    assertThat(server.initialize("2025-03-26")).isNotEqualTo(session);
  }

  @Test
  void initializeWithAnUnknownVersionGetsTheNewestHandshakeVersion() {
    HttpResponse<String> r = server.send(server.post(
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2026-07-28\",\"capabilities\":{}}}"));
    assertThat(json(r).getJsonObject("result").getString("protocolVersion")).isEqualTo("2025-11-25");
  }

  @Test
  void requestWithoutSessionBeforeInitializeIs400() {
    HttpResponse<String> r = server.send(server.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).getJsonObject("error").getString("message")).contains("Mcp-Session-Id");
    assertThat(json(r).getValue("id")).isEqualTo(1);
  }

  @Test
  void unknownSessionIs404SoTheClientReinitializes() {
    HttpResponse<String> r = server.call("no-such-session", "tools/list", "{}");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(json(r).getJsonObject("error").getInteger("code")).isEqualTo(-32001);
  }

  @Test
  void notificationsAndResponsesAreAcceptedWith202AndNoBody() {
    String s = server.initialize("2025-06-18");
    HttpResponse<String> n = server.send(server.post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
        "Mcp-Session-Id", s));
    assertThat(n.statusCode()).isEqualTo(202);
    assertThat(n.body()).isEmpty();
    HttpResponse<String> resp = server.send(server.post("{\"jsonrpc\":\"2.0\",\"id\":99,\"result\":{}}", "Mcp-Session-Id", s));
    assertThat(resp.statusCode()).isEqualTo(202);
  }

  @Test
  void pingAnswersAnEmptyResult() {
    String s = server.initialize("2025-11-25");
    HttpResponse<String> r = server.call(s, "ping", "{}");
    assertThat(json(r).getJsonObject("result")).isEqualTo(new JsonObject());
  }

  @Test
  void toolsListPagesInDeclarationOrderWithOpaqueCursors() {
    String s = server.initialize("2025-06-18");
    List<String> names = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonObject result = json(server.call(s, "tools/list", cursor == null ? "{}" : "{\"cursor\":\"" + cursor + "\"}"))
          .getJsonObject("result");
      result.getJsonArray("tools").forEach(t -> names.add(((JsonObject) t).getString("name")));
      cursor = result.getString("nextCursor");
      assertThat(result.containsKey("ttlMs")).as("ttlMs is 2026-07-28 only").isFalse();
      pages++;
    } while (cursor != null);
    assertThat(names).containsExactly("echo", "info", "liar", "d", "e");
    assertThat(pages).isEqualTo(3);
  }

  @Test
  void invalidCursorIsInvalidParams() {
    String s = server.initialize("2025-06-18");
    for (String bad : new String[] {"\"garbage\"", "\"djE6MDox\"", "42"}) {
      JsonObject error = json(server.call(s, "tools/list", "{\"cursor\":" + bad + "}")).getJsonObject("error");
      assertThat(error.getInteger("code")).as(bad).isEqualTo(-32602);
    }
  }

  @Test
  void toolsCallReturnsTextAndStructuredContent() {
    String s = server.initialize("2025-06-18");
    JsonObject echo = json(server.call(s, "tools/call", "{\"name\":\"echo\",\"arguments\":{\"message\":\"héllo\"}}"))
        .getJsonObject("result");
    assertThat(echo.getJsonArray("content").getJsonObject(0).getString("text")).isEqualTo("héllo");
    assertThat(echo.containsKey("isError")).isFalse();
    JsonObject info = json(server.call(s, "tools/call", "{\"name\":\"info\"}")).getJsonObject("result");
    assertThat(info.getJsonObject("structuredContent").getString("product")).isEqualTo("mcp-fleet");
    assertThat(info.getJsonArray("content").getJsonObject(0).getString("text")).contains("mcp-fleet");
  }

  @Test
  void invalidArgumentsAreAToolErrorNamingTheProblem() {
    String s = server.initialize("2025-06-18");
    JsonObject result = json(server.call(s, "tools/call", "{\"name\":\"echo\",\"arguments\":{\"message\":5}}"))
        .getJsonObject("result");
    assertThat(result.getBoolean("isError")).isTrue();
    assertThat(result.getJsonArray("content").getJsonObject(0).getString("text")).contains("message").contains("string");
  }

  @Test
  void outputThatBreaksTheOutputSchemaIsAToolError() {
    String s = server.initialize("2025-06-18");
    JsonObject result = json(server.call(s, "tools/call", "{\"name\":\"liar\"}")).getJsonObject("result");
    assertThat(result.getBoolean("isError")).isTrue();
    assertThat(result.getJsonArray("content").getJsonObject(0).getString("text")).contains("outputSchema");
    assertThat(result.containsKey("structuredContent")).isFalse();
  }

  @Test
  void unknownToolAndBadParamsAreInvalidParams() {
    String s = server.initialize("2025-06-18");
    assertThat(json(server.call(s, "tools/call", "{\"name\":\"nope\"}")).getJsonObject("error").getInteger("code")).isEqualTo(-32602);
    assertThat(json(server.call(s, "tools/call", "{}")).getJsonObject("error").getInteger("code")).isEqualTo(-32602);
    assertThat(json(server.call(s, "tools/call", "{\"name\":\"echo\",\"arguments\":[1]}")).getJsonObject("error").getInteger("code"))
        .isEqualTo(-32602);
  }

  @Test
  void unknownMethodIsMethodNotFound() {
    String s = server.initialize("2025-06-18");
    HttpResponse<String> r = server.call(s, "resources/list", "{}");
    assertThat(json(r).getJsonObject("error").getInteger("code")).isEqualTo(-32601);
  }

  @Test
  void unsupportedProtocolVersionHeaderIs400() {
    String s = server.initialize("2025-06-18");
    HttpResponse<String> r = server.send(server.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}",
        "Mcp-Session-Id", s, "MCP-Protocol-Version", "1999-01-01"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).getJsonObject("error").getString("message")).contains("1999-01-01");
  }

  @Test
  void progressIsStreamedAsSseWhenRequestedAndAccepted() {
    String s = server.initialize("2025-06-18");
    HttpResponse<String> r = server.call(s, "tools/call",
        "{\"name\":\"echo\",\"arguments\":{\"message\":\"x\"},\"_meta\":{\"progressToken\":\"tok\"}}");
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/event-stream");
    List<JsonObject> events = r.body().lines().filter(l -> l.startsWith("data: "))
        .map(l -> new JsonObject(l.substring(6))).toList();
    assertThat(events).hasSizeGreaterThanOrEqualTo(3);
    assertThat(events.get(0).getString("method")).isEqualTo("notifications/progress");
    assertThat(events.get(0).getJsonObject("params").getString("progressToken")).isEqualTo("tok");
    JsonObject last = events.get(events.size() - 1);
    assertThat(last.getInteger("id")).isEqualTo(7);
    assertThat(last.getJsonObject("result").getJsonArray("content").getJsonObject(0).getString("text")).isEqualTo("x");
    double previous = -1;
    for (JsonObject e : events.subList(0, events.size() - 1)) {
      double p = e.getJsonObject("params").getDouble("progress");
      assertThat(p).isGreaterThan(previous);
      previous = p;
    }
  }

  @Test
  void progressTokenWithJsonOnlyAcceptGetsPlainJson() {
    String s = server.initialize("2025-06-18");
    HttpResponse<String> r = server.send(server.post(
        "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"x\"},\"_meta\":{\"progressToken\":1}}}",
        "Mcp-Session-Id", s, "Accept", "application/json"));
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(json(r).getJsonObject("result")).isNotNull();
  }

  @Test
  void batchesWorkOnlyIn20250326() {
    String old = server.initialize("2025-03-26");
    HttpResponse<String> ok = server.send(server.post(
        "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"},{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"},"
            + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"b\"}}}]",
        "Mcp-Session-Id", old));
    assertThat(ok.statusCode()).isEqualTo(200);
    JsonArray answers = new JsonArray(ok.body());
    assertThat(answers).hasSize(2);
    assertThat(answers.getJsonObject(1).getInteger("id")).isEqualTo(2);

    String newer = server.initialize("2025-06-18");
    HttpResponse<String> refused = server.send(server.post("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]",
        "Mcp-Session-Id", newer));
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(json(refused).getJsonObject("error").getInteger("code")).isEqualTo(-32600);
    assertThat(json(refused).getJsonObject("error").getString("message")).contains("batches");
  }

  @Test
  void oversizedBatchIsRefused() {
    String old = server.initialize("2025-03-26");
    String one = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
    String batch = "[" + String.join(",", java.util.Collections.nCopies(33, one)) + "]";
    HttpResponse<String> r = server.send(server.post(batch, "Mcp-Session-Id", old));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).getJsonObject("error").getString("message")).contains("at most 32");
  }

  @Test
  void aSessionMayHoldOnlyAFewGetStreams() throws Exception {
    String s = server.initialize("2025-06-18");
    List<java.util.concurrent.CompletableFuture<HttpResponse<java.util.stream.Stream<String>>>> open = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      open.add(server.http.sendAsync(HttpRequest.newBuilder(server.mcp).GET().header("Accept", "text/event-stream")
          .header("Mcp-Session-Id", s).build(), HttpResponse.BodyHandlers.ofLines()));
    }
    for (var f : open) {
      assertThat(f.get(5, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
    HttpResponse<String> fifth = server.send(HttpRequest.newBuilder(server.mcp).GET().header("Accept", "text/event-stream")
        .header("Mcp-Session-Id", s));
    assertThat(fifth.statusCode()).isEqualTo(429);
    assertThat(server.send(HttpRequest.newBuilder(server.mcp).DELETE().header("Mcp-Session-Id", s)).statusCode()).isEqualTo(200);
  }

  @Test
  void getOpensAnSseStreamThatDeleteCloses() throws Exception {
    String s = server.initialize("2025-06-18");
    var stream = server.http.sendAsync(HttpRequest.newBuilder(server.mcp).GET()
        .header("Accept", "text/event-stream").header("Mcp-Session-Id", s).build(), HttpResponse.BodyHandlers.ofLines());
    HttpResponse<java.util.stream.Stream<String>> open = stream.get(5, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(open.statusCode()).isEqualTo(200);
    assertThat(open.headers().firstValue("Content-Type")).hasValue("text/event-stream");

    HttpResponse<String> del = server.send(HttpRequest.newBuilder(server.mcp).DELETE().header("Mcp-Session-Id", s));
    assertThat(del.statusCode()).isEqualTo(200);
    // the stream ends once its session is gone
    assertThat(open.body().count()).isGreaterThanOrEqualTo(1);
    assertThat(server.call(s, "ping", "{}").statusCode()).isEqualTo(404);
    assertThat(server.send(HttpRequest.newBuilder(server.mcp).DELETE().header("Mcp-Session-Id", s)).statusCode()).isEqualTo(404);
  }

  @Test
  void getWithoutSseAcceptIs406AndWithoutSessionIs400() {
    String s = server.initialize("2025-06-18");
    assertThat(server.send(HttpRequest.newBuilder(server.mcp).GET().header("Accept", "application/json")
        .header("Mcp-Session-Id", s)).statusCode()).isEqualTo(406);
    assertThat(server.send(HttpRequest.newBuilder(server.mcp).GET().header("Accept", "text/event-stream")).statusCode())
        .isEqualTo(400);
  }
}
