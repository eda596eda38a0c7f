package io.mcpfleet.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** DNS-rebinding defence and CORS on a loopback server. */
class HostOriginTest {

  static TestServer open;
  static TestServer listed;

  @BeforeAll
  static void start() {
    open = TestServer.start("tools: []");
    listed = TestServer.start("""
        allowedHosts: [mcp.example.com, "*.fleet.example.com"]
        cors: {allowedOrigins: ["https://app.example.com"]}
        tools: []
        """);
  }

  @AfterAll
  static void stop() {
    open.close();
    listed.close();
  }

  private static HttpResponse<String> ping(TestServer s, String... headers) {
    return s.send(s.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"_meta\":" + TestServer.MODERN_META + "}}",
        concat(headers, "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "ping")));
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void loopbackServerRefusesAForeignHost() {
    HttpResponse<String> r = ping(open, "Host", "evil.example.com");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("Host");
  }

  @Test
  void loopbackServerRefusesAForeignOrigin() {
    HttpResponse<String> r = ping(open, "Origin", "http://evil.example.com");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("Origin");
  }

  @Test
  void loopbackNamesAreAccepted() {
    int port = open.mcp.getPort();
    assertThat(ping(open, "Host", "localhost:" + port, "Origin", "http://localhost:" + port).statusCode()).isEqualTo(404);
    assertThat(ping(open, "Origin", "http://127.0.0.1:" + port).statusCode()).isEqualTo(404);
  }

  @Test
  void nullOriginIsRefused() {
    assertThat(ping(open, "Origin", "null").statusCode()).isEqualTo(403);
  }

  @Test
  void allowedHostsAndWildcardsAreHonoured() {
    assertThat(ping(listed, "Host", "mcp.example.com").statusCode()).isEqualTo(404);
    assertThat(ping(listed, "Host", "a.fleet.example.com:443").statusCode()).isEqualTo(404);
    assertThat(ping(listed, "Host", "fleet.example.com.evil.io").statusCode()).isEqualTo(403);
    assertThat(ping(listed, "Host", "127.0.0.1").statusCode()).isEqualTo(403);
  }

  @Test
  void corsPreflightFromAnAllowedOriginExposesTheSessionHeader() {
    HttpResponse<String> r = listed.send(HttpRequest.newBuilder(listed.mcp)
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Host", "mcp.example.com")
        .header("Origin", "https://app.example.com")
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "content-type,mcp-session-id"));
    assertThat(r.statusCode()).isBetween(200, 204);
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
    HttpResponse<String> actual = ping(listed, "Host", "mcp.example.com", "Origin", "https://app.example.com");
    assertThat(actual.headers().firstValue("Access-Control-Expose-Headers").orElse("")).containsIgnoringCase("Mcp-Session-Id");
  }

  @Test
  void corsFromAnotherOriginIsRefused() {
    assertThat(ping(listed, "Host", "mcp.example.com", "Origin", "https://evil.example.com").statusCode()).isEqualTo(403);
  }

  @Test
  void securityHeadersAreOnEveryResponse() {
    HttpResponse<String> r = ping(open);
    assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(r.headers().firstValue("Strict-Transport-Security")).as("no HSTS without TLS").isEmpty();
  }
}
