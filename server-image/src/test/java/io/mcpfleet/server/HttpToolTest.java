package io.mcpfleet.server;

import static io.mcpfleet.server.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Declarative http tools against a real local HTTP API: templating, mapping, failures, cancellation. */
class HttpToolTest {

  static Backend backend;
  static TestServer server;
  @TempDir static Path secrets;

  @BeforeAll
  static void start() throws Exception {
    backend = new Backend();
    Files.createDirectories(secrets.resolve("weather-api"));
    Files.writeString(secrets.resolve("weather-api/X-Api-Key"), "s3cr3t\n");
    server = TestServer.start("""
        tools:
          - name: weather
            inputSchema:
              type: object
              properties: {city: {type: string}, units: {type: string}}
              required: [city]
            outputSchema:
              type: object
              properties: {tempC: {type: number}}
              required: [tempC]
            http:
              url: "%1$s/weather?city={{city}}"
              query: {units: "{{units}}"}
              headers: {X-Trace: "t-{{city}}"}
              headersFrom: {secretName: weather-api}
          - name: post
            inputSchema:
              type: object
              properties: {n: {type: integer}, tags: {type: array}}
            http:
              method: POST
              url: "%1$s/echo"
              body: {count: "{{n}}", label: "n={{n}}", tags: "{{tags}}"}
          - name: text
            http: {url: "%1$s/text"}
          - name: failing
            http: {url: "%1$s/fail"}
          - name: slow
            timeout: 400ms
            http: {url: "%1$s/slow"}
          - name: slow-long
            timeout: 20s
            http: {url: "%1$s/slow"}
          - name: unreachable
            http: {url: "http://127.0.0.1:1/x"}
          - name: unmounted
            http: {url: "%1$s/text", headersFrom: {secretName: missing}}
        """.formatted(backend.url()), secrets);
  }

  @AfterAll
  static void stop() {
    server.close();
    backend.close();
  }

  private JsonObject call(String tool, String args) {
    return json(server.modern("tools/call", tool, "{\"name\":\"" + tool + "\",\"arguments\":" + args + "}")).getJsonObject("result");
  }

  private static String text(JsonObject result) {
    return result.getJsonArray("content").getJsonObject(0).getString("text");
  }

  @Test
  void getTemplatesUrlQueryAndHeadersAndMapsJsonToStructuredContent() {
    JsonObject result = call("weather", "{\"city\":\"São Paulo & co\",\"units\":\"metric\"}");
    assertThat(result.containsKey("isError")).isFalse();
    assertThat(result.getJsonObject("structuredContent").getInteger("tempC")).isEqualTo(21);
    Backend.Seen seen = backend.seen.stream().filter(s -> s.uri().startsWith("/weather")).reduce((a, b) -> b).orElseThrow();
    assertThat(seen.uri()).isEqualTo("/weather?city=S%C3%A3o%20Paulo%20%26%20co&units=metric");
    assertThat(seen.headers().get("X-trace")).containsExactly("t-São Paulo & co");
    assertThat(seen.headers().get("X-api-key")).containsExactly("s3cr3t");
  }

  @Test
  void jsonBodyKeepsArgumentTypes() {
    JsonObject result = call("post", "{\"n\":3,\"tags\":[\"a\",\"b\"]}");
    JsonObject sent = result.getJsonObject("structuredContent");
    assertThat(sent.getValue("count")).isEqualTo(3);
    assertThat(sent.getString("label")).isEqualTo("n=3");
    assertThat(sent.getJsonArray("tags").getList()).containsExactly("a", "b");
    Backend.Seen seen = backend.seen.stream().filter(s -> s.uri().equals("/echo")).reduce((a, b) -> b).orElseThrow();
    assertThat(seen.method()).isEqualTo("POST");
    assertThat(seen.headers().get("Content-type")).containsExactly("application/json");
  }

  @Test
  void headerInjectionThroughArgumentsIsImpossible() {
    call("weather", "{\"city\":\"x\\r\\nX-Evil: 1\"}");
    Backend.Seen seen = backend.seen.stream().filter(s -> s.uri().startsWith("/weather")).reduce((a, b) -> b).orElseThrow();
    assertThat(seen.headers()).doesNotContainKey("X-evil");
  }

  @Test
  void plainTextResponseIsText() {
    JsonObject result = call("text", "{}");
    assertThat(text(result)).isEqualTo("plain words");
    assertThat(result.containsKey("structuredContent")).isFalse();
  }

  @Test
  void non2xxIsAToolErrorWithTheStatus() {
    JsonObject result = call("failing", "{}");
    assertThat(result.getBoolean("isError")).isTrue();
    assertThat(text(result)).contains("503").contains("upstream down");
  }

  @Test
  void slowApiTimesOutAsAToolErrorAndTheCallIsAborted() throws Exception {
    long t0 = System.nanoTime();
    JsonObject result = call("slow", "{}");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    assertThat(result.getBoolean("isError")).isTrue();
    assertThat(text(result)).contains("400 ms");
    assertThat(backend.slowAbandoned.await(5, TimeUnit.SECONDS)).as("backend connection reset").isTrue();
  }

  @Test
  void unreachableApiIsAToolError() {
    JsonObject result = call("unreachable", "{}");
    assertThat(result.getBoolean("isError")).isTrue();
    assertThat(text(result)).contains("could not be reached");
  }

  @Test
  void unmountedSecretIsAToolErrorThatSaysSo() {
    JsonObject result = call("unmounted", "{}");
    assertThat(result.getBoolean("isError")).isTrue();
    assertThat(text(result)).contains("missing").contains("not mounted");
  }

  @Test
  void handshakeNotificationsCancelledAbortsTheCall() throws Exception {
    String session = server.initialize("2025-06-18");
    CompletableFuture<HttpResponse<String>> pending = CompletableFuture.supplyAsync(() -> server.send(server.post(
        "{\"jsonrpc\":\"2.0\",\"id\":\"c1\",\"method\":\"tools/call\",\"params\":{\"name\":\"slow-long\"}}",
        "Mcp-Session-Id", session)));
    Thread.sleep(500);
    long t0 = System.nanoTime();
    HttpResponse<String> ack = server.send(server.post(
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":\"c1\",\"reason\":\"user\"}}",
        "Mcp-Session-Id", session));
    assertThat(ack.statusCode()).isEqualTo(202);
    HttpResponse<String> answer = pending.get(5, TimeUnit.SECONDS);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
    assertThat(json(answer).getJsonObject("error").getInteger("code")).isEqualTo(-32800);
  }
}
