package io.mcpfleet.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The audit stream records who called which tool and how it ended; argument values only when asked. */
class AuditLogTest {

  private final ListAppender<ILoggingEvent> audit = new ListAppender<>();
  private final ListAppender<ILoggingEvent> access = new ListAppender<>();

  @BeforeEach
  void capture() {
    audit.start();
    access.start();
    ((Logger) LoggerFactory.getLogger("mcp.audit")).addAppender(audit);
    ((Logger) LoggerFactory.getLogger("mcp.access")).addAppender(access);
  }

  @AfterEach
  void release() {
    ((Logger) LoggerFactory.getLogger("mcp.audit")).detachAppender(audit);
    ((Logger) LoggerFactory.getLogger("mcp.access")).detachAppender(access);
  }

  private static Map<String, Object> fields(ILoggingEvent e) {
    return e.getKeyValuePairs().stream().collect(Collectors.toMap(kv -> kv.key, kv -> String.valueOf(kv.value)));
  }

  @Test
  void toolCallsAreAuditedWithoutArgumentsByDefault() throws Exception {
    try (TestServer s = TestServer.start("""
        observability: {audit: {enabled: true}}
        tools: [{name: echo, inputSchema: {type: object, properties: {secret: {type: string}}}, static: {text: "{{secret}}"}}]
        """)) {
      s.send(s.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"secret\":\"hunter2\"},\"_meta\":"
          + TestServer.MODERN_META + "}}", "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call", "Mcp-Name", "echo",
          "X-Request-Id", "req-audit-1"));
      Thread.sleep(100);
      assertThat(audit.list).hasSize(1);
      Map<String, Object> f = fields(audit.list.get(0));
      assertThat(f).containsEntry("tool", "echo").containsEntry("principal", "anonymous").containsEntry("outcome", "ok")
          .containsEntry("requestId", "req-audit-1").doesNotContainKey("arguments");
      assertThat(audit.list.get(0).getFormattedMessage() + f).doesNotContain("hunter2");

      assertThat(access.list).anySatisfy(e -> assertThat(fields(e)).containsEntry("requestId", "req-audit-1")
          .containsEntry("tool", "echo").containsEntry("status", "200").containsEntry("era", "modern"));
      assertThat(access.list.stream().map(e -> fields(e).toString())).noneMatch(x -> x.contains("hunter2"));
    }
  }

  @Test
  void argumentsAreAuditedWhenConfigured() throws Exception {
    try (TestServer s = TestServer.start("""
        observability: {audit: {enabled: true, includeArguments: true}}
        tools: [{name: echo, static: {text: "x"}}]
        """)) {
      s.modern("tools/call", "echo", "{\"name\":\"echo\",\"arguments\":{\"city\":\"Oslo\"}}");
      Thread.sleep(100);
      assertThat(fields(audit.list.get(0)).get("arguments")).isEqualTo("{\"city\":\"Oslo\"}");
    }
  }

  @Test
  void auditIsOffByDefault() throws Exception {
    try (TestServer s = TestServer.start("tools: [{name: echo, static: {text: x}}]")) {
      s.modern("tools/call", "echo", "{\"name\":\"echo\"}");
      Thread.sleep(100);
      assertThat(audit.list).isEmpty();
    }
  }
}
