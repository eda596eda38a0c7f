package io.mcpfleet.server;

import static io.mcpfleet.server.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Malformed requests get the right status and JSON-RPC error, never a stack trace. */
class BadInputTest {

  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(Fixtures.TOOLS);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static void assertNoLeak(HttpResponse<String> r) {
    assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("io.vertx");
  }

  @Test
  void malformedJsonIsParseError() {
    HttpResponse<String> r = server.send(server.post("{\"jsonrpc\":"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).getJsonObject("error").getInteger("code")).isEqualTo(-32700);
    assertThat(json(r).getValue("id")).isNull();
    assertNoLeak(r);
  }

  @Test
  void emptyBodyIsParseError() {
    HttpResponse<String> r = server.send(server.post(""));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).getJsonObject("error").getInteger("code")).isEqualTo(-32700);
  }

  @Test
  void wrongJsonRpcVersionIsInvalidRequest() {
    HttpResponse<String> r = server.send(server.post("{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).getJsonObject("error").getInteger("code")).isEqualTo(-32600);
    assertThat(json(r).getInteger("id")).isEqualTo(1);
  }

  @Test
  void nonObjectBodiesAreInvalidRequest() {
    for (String body : new String[] {"42", "\"x\"", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":7}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":[1]}", "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"ping\"}"}) {
      HttpResponse<String> r = server.send(server.post(body));
      assertThat(r.statusCode()).as(body).isEqualTo(400);
      assertThat(json(r).getJsonObject("error").getInteger("code")).as(body).isEqualTo(-32600);
      assertNoLeak(r);
    }
  }

  @Test
  void nullBodyIsInvalidRequestNotParseError() {
    HttpResponse<String> r = server.send(server.post("null"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).getJsonObject("error").getInteger("code")).isEqualTo(-32600);
  }

  @Test
  void emptyBatchIsInvalidRequest() {
    HttpResponse<String> r = server.send(server.post("[]"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).getJsonObject("error").getInteger("code")).isEqualTo(-32600);
  }

  @Test
  void arrayBodyWithoutSessionIsRefusedClearly() {
    HttpResponse<String> r = server.send(server.post("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertNoLeak(r);
  }

  @Test
  void wrongContentTypeIs415() {
    HttpResponse<String> r = server.send(server.post("{}", "Content-Type", "text/plain"));
    assertThat(r.statusCode()).isEqualTo(415);
    assertThat(json(r).getJsonObject("error").getString("message")).contains("application/json");
  }

  @Test
  void contentTypeWithCharsetIsAccepted() {
    HttpResponse<String> r = server.send(server.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}",
        "Content-Type", "application/json; charset=utf-8"));
    assertThat(r.statusCode()).as("reaches session check, not 415").isEqualTo(400);
    assertThat(json(r).getJsonObject("error").getString("message")).contains("Mcp-Session-Id");
  }

  @Test
  void unacceptableAcceptIs406() {
    HttpResponse<String> r = server.send(server.post("{}", "Accept", "text/html"));
    assertThat(r.statusCode()).isEqualTo(406);
  }

  @Test
  void bodyOverTheLimitIs413() {
    String big = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\"" + "x".repeat(4096) + "\"}}";
    HttpResponse<String> r = server.send(server.post(big));
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(json(r).getJsonObject("error").getString("message")).contains("2048");
  }

  @Test
  void otherHttpMethodsAre405WithAllow() {
    HttpResponse<String> r = server.send(HttpRequest.newBuilder(server.mcp).PUT(HttpRequest.BodyPublishers.ofString("{}"))
        .header("Content-Type", "application/json"));
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("Allow")).hasValueSatisfying(v -> assertThat(v).contains("POST"));
  }

  @Test
  void unknownPathIs404Json() {
    HttpResponse<String> r = server.send(HttpRequest.newBuilder(server.mcp.resolve("/nope")).GET());
    assertThat(r.statusCode()).isEqualTo(404);
  }

  @Test
  void healthAndReadyAnswer() {
    assertThat(server.send(HttpRequest.newBuilder(server.mcp.resolve("/health")).GET()).statusCode()).isEqualTo(200);
    assertThat(server.send(HttpRequest.newBuilder(server.mcp.resolve("/ready")).GET()).statusCode()).isEqualTo(200);
  }
}
