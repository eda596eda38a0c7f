package io.mcpfleet.server;

import static io.mcpfleet.server.TestServer.MODERN_META;
import static io.mcpfleet.server.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The stateless 2026-07-28 revision over real HTTP, including its header validation ladder. */
class ModernEraTest {

  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(Fixtures.TOOLS);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static JsonObject error(HttpResponse<String> r) {
    return json(r).getJsonObject("error");
  }

  @Test
  void discoverListsEveryVersionAndTheServerIdentity() {
    HttpResponse<String> r = server.modern("server/discover", null, "{}");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject result = json(r).getJsonObject("result");
    assertThat(result.getJsonArray("supportedVersions").getList())
        .containsExactly("2026-07-28", "2025-11-25", "2025-06-18", "2025-03-26");
    assertThat(result.getString("resultType")).isEqualTo("complete");
    assertThat(result.getJsonObject("capabilities").containsKey("tools")).isTrue();
    assertThat(result.getJsonObject("_meta").getJsonObject("io.modelcontextprotocol/serverInfo").getString("name"))
        .isEqualTo("test");
    assertThat(r.headers().firstValue("Mcp-Session-Id")).as("no sessions in 2026-07-28").isEmpty();
  }

  @Test
  void toolsListCarriesCacheHintsAndResultType() {
    JsonObject result = json(server.modern("tools/list", null, "{}")).getJsonObject("result");
    assertThat(result.getJsonArray("tools")).hasSize(2);
    assertThat(result.getLong("ttlMs")).isPositive();
    assertThat(result.getString("cacheScope")).isEqualTo("public");
    assertThat(result.getString("resultType")).isEqualTo("complete");
  }

  @Test
  void toolsCallWorksWithoutAnySession() {
    JsonObject result = json(server.modern("tools/call", "echo", "{\"name\":\"echo\",\"arguments\":{\"message\":\"m\"}}"))
        .getJsonObject("result");
    assertThat(result.getJsonArray("content").getJsonObject(0).getString("text")).isEqualTo("m");
    assertThat(result.getString("resultType")).isEqualTo("complete");
  }

  @Test
  void base64EncodedMcpNameIsDecoded() {
    String encoded = "=?base64?" + Base64.getEncoder().encodeToString("echo".getBytes(StandardCharsets.UTF_8)) + "?=";
    HttpResponse<String> r = server.modern("tools/call", encoded, "{\"name\":\"echo\",\"arguments\":{\"message\":\"b\"}}");
    assertThat(r.statusCode()).isEqualTo(200);
  }

  @Test
  void missingProtocolVersionHeaderIsHeaderMismatch() {
    HttpResponse<String> r = server.send(server.post(
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"_meta\":" + MODERN_META + "}}", "Mcp-Method", "ping"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(error(r).getInteger("code")).isEqualTo(-32020);
    assertThat(error(r).getString("message")).contains("MCP-Protocol-Version");
  }

  @Test
  void missingMethodHeaderIsHeaderMismatch() {
    HttpResponse<String> r = server.send(server.post(
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"_meta\":" + MODERN_META + "}}",
        "MCP-Protocol-Version", "2026-07-28"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(error(r).getInteger("code")).isEqualTo(-32020);
    assertThat(error(r).getString("message")).contains("Mcp-Method");
  }

  @Test
  void methodHeaderThatDisagreesWithTheBodyIsHeaderMismatch() {
    HttpResponse<String> r = server.send(server.post(
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"_meta\":" + MODERN_META + "}}",
        "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(error(r).getInteger("code")).isEqualTo(-32020);
    assertThat(json(r).getInteger("id")).isEqualTo(1);
  }

  @Test
  void nameHeaderMissingOrDisagreeingIsHeaderMismatch() {
    HttpResponse<String> missing = server.modern("tools/call", null, "{\"name\":\"echo\",\"arguments\":{\"message\":\"m\"}}");
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(error(missing).getInteger("code")).isEqualTo(-32020);
    HttpResponse<String> wrong = server.modern("tools/call", "info", "{\"name\":\"echo\",\"arguments\":{\"message\":\"m\"}}");
    assertThat(wrong.statusCode()).isEqualTo(400);
    assertThat(error(wrong).getString("message")).contains("Mcp-Name");
  }

  @Test
  void versionHeaderThatDisagreesWithTheEnvelopeIsHeaderMismatch() {
    HttpResponse<String> r = server.send(server.post(
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"_meta\":" + MODERN_META + "}}",
        "MCP-Protocol-Version", "2027-01-01", "Mcp-Method", "ping"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(error(r).getInteger("code")).isEqualTo(-32020);
  }

  @Test
  void unsupportedVersionIs32022WithTheSupportedList() {
    String meta = MODERN_META.replace("2026-07-28", "2027-01-01");
    HttpResponse<String> r = server.send(server.post(
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"_meta\":" + meta + "}}",
        "MCP-Protocol-Version", "2027-01-01", "Mcp-Method", "ping"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(error(r).getInteger("code")).isEqualTo(-32022);
    assertThat(error(r).getJsonObject("data").getJsonArray("supported").getList()).contains("2026-07-28", "2025-11-25");
  }

  @Test
  void unknownMethodIs404MethodNotFound() {
    HttpResponse<String> r = server.modern("resources/list", null, "{}");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(error(r).getInteger("code")).isEqualTo(-32601);
  }

  @Test
  void envelopeWithoutClientCapabilitiesIsInvalidParams() {
    HttpResponse<String> r = server.send(server.post(
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\"}}}",
        "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "ping"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(error(r).getInteger("code")).isEqualTo(-32602);
    assertThat(error(r).getString("message")).contains("clientCapabilities");
  }

  @Test
  void modernHeaderWithoutEnvelopeIsInvalidParams() {
    HttpResponse<String> r = server.send(server.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}",
        "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "ping"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(error(r).getInteger("code")).isEqualTo(-32602);
  }

  @Test
  void initializeWithAModernVersionHeaderIsRefused() {
    HttpResponse<String> r = server.send(server.post(
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{}}}",
        "MCP-Protocol-Version", "2026-07-28"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(error(r).getInteger("code")).isEqualTo(-32020);
  }

  @Test
  void batchWithAModernRequestIsRefused() {
    HttpResponse<String> r = server.send(server.post(
        "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"_meta\":" + MODERN_META + "}}]",
        "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "ping"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(error(r).getInteger("code")).isEqualTo(-32600);
  }

  @Test
  void modernNotificationIsAccepted() {
    HttpResponse<String> r = server.send(server.post(
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":1,\"_meta\":" + MODERN_META + "}}",
        "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "notifications/cancelled"));
    assertThat(r.statusCode()).isEqualTo(202);
  }

  @Test
  void getWithAModernVersionIs405() {
    HttpResponse<String> r = server.send(java.net.http.HttpRequest.newBuilder(server.mcp).GET()
        .header("Accept", "text/event-stream").header("MCP-Protocol-Version", "2026-07-28"));
    assertThat(r.statusCode()).isEqualTo(405);
  }

  @Test
  void pingWasRemovedIn20260728() {
    HttpResponse<String> r = server.modern("ping", null, "{}");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(error(r).getInteger("code")).isEqualTo(-32601);
  }

  @Test
  void paramHeadersDeclaredWithXMcpHeaderMustMirrorTheArguments() {
    try (TestServer s = TestServer.start("""
        tools:
          - name: regional
            inputSchema:
              type: object
              properties:
                region: {type: string, x-mcp-header: Region}
                n: {type: integer, x-mcp-header: N}
            static: {text: "{{region}}"}
        """)) {
      String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"regional\","
          + "\"arguments\":{\"region\":\"Hello\",\"n\":3},\"_meta\":" + MODERN_META + "}}";
      String[] base = {"MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call", "Mcp-Name", "regional"};
      java.util.function.Function<String[], HttpResponse<String>> send = extra -> {
        String[] all = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return s.send(s.post(body, all));
      };
      assertThat(send.apply(new String[] {"Mcp-Param-Region", "Hello", "Mcp-Param-N", "3"}).statusCode()).isEqualTo(200);
      assertThat(send.apply(new String[] {"Mcp-Param-Region", "=?base64?SGVsbG8=?=", "Mcp-Param-N", "3"}).statusCode()).isEqualTo(200);
      HttpResponse<String> missing = send.apply(new String[] {"Mcp-Param-N", "3"});
      assertThat(missing.statusCode()).isEqualTo(400);
      assertThat(error(missing).getInteger("code")).isEqualTo(-32020);
      assertThat(send.apply(new String[] {"Mcp-Param-Region", "=?base64?SGVsbG8?=", "Mcp-Param-N", "3"}).statusCode()).isEqualTo(400);
      assertThat(send.apply(new String[] {"Mcp-Param-Region", "=?base64?SGVs!!!bG8=?=", "Mcp-Param-N", "3"}).statusCode()).isEqualTo(400);
      assertThat(send.apply(new String[] {"Mcp-Param-Region", "Bye", "Mcp-Param-N", "3"}).statusCode()).isEqualTo(400);
      assertThat(send.apply(new String[] {"Mcp-Param-Region", "Hello", "Mcp-Param-N", "4"}).statusCode()).isEqualTo(400);
    }
  }

  @Test
  void inBandToolErrorsAre200() {
    HttpResponse<String> r = server.modern("tools/call", "nope", "{\"name\":\"nope\"}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(error(r).getInteger("code")).isEqualTo(-32602);
  }
}
