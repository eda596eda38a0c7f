package io.mcpfleet.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** With an OTLP endpoint, spans for the request and the tool call reach the collector in the caller's trace. */
class TracingTest {

  @Test
  void toolCallSpansAreExportedInTheIncomingTrace() throws Exception {
    List<byte[]> exports = new CopyOnWriteArrayList<>();
    HttpServer collector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    collector.createContext("/v1/traces", ex -> {
      exports.add(ex.getRequestBody().readAllBytes());
      ex.sendResponseHeaders(200, -1);
      ex.close();
    });
    collector.start();
    try (TestServer s = TestServer.start("""
        observability: {otlpEndpoint: "http://127.0.0.1:%d", serviceName: traced}
        tools: [{name: echo, static: {text: hi}}]
        """.formatted(collector.getAddress().getPort()))) {
      String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
      s.send(s.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"_meta\":"
              + TestServer.MODERN_META + "}}", "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call",
          "Mcp-Name", "echo", "traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"));
      byte[] id = HexFormat.of().parseHex(traceId);
      boolean found = false;
      for (int i = 0; i < 50 && !found; i++) {
        Thread.sleep(100);
        found = exports.stream().anyMatch(b -> contains(b, id) && contains(b, "tools/call echo".getBytes(StandardCharsets.UTF_8)));
      }
      assertThat(found).as("an OTLP export carries the tool-call span in the caller's trace").isTrue();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      exports.forEach(all::writeBytes);
      assertThat(contains(all.toByteArray(), "traced".getBytes(StandardCharsets.UTF_8))).as("service.name").isTrue();
    } finally {
      collector.stop(0);
    }
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
