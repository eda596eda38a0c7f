package io.mcpfleet.server;

import static io.mcpfleet.server.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A Redis that requires a password: read from the mounted secret file, never logged; a wrong one shows in /ready. */
class RedisPasswordTest {

  static final String PASSWORD = "s3cret-redis-pw-7f2c";
  static RedisProcess redis;

  @BeforeAll
  static void start() {
    redis = RedisProcess.start("--requirepass", PASSWORD);
  }

  @AfterAll
  static void stop() {
    if (redis != null) {
      redis.close();
    }
  }

  static String spec(Path passwordFile) {
    return """
        sessions:
          store: redis
          redis: {url: "%s", passwordFile: %s, timeout: 500ms}
        tools: [{name: echo, static: {text: ok}}]
        """.formatted(redis.url(), AuthFixtures.yamlPath(passwordFile));
  }

  @Test
  void thePasswordComesFromTheSecretFileAndIsNeverLogged() throws Exception {
    Path file = Files.createTempDirectory("redis").resolve("password");
    Files.writeString(file, PASSWORD + "\n"); // as `echo pw > password` would leave it
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(logs);
    try (TestServer s = TestServer.start(spec(file))) {
      String session = s.initialize("2025-06-18");
      assertThat(s.call(session, "tools/list", "{}").statusCode()).isEqualTo(200);
      assertThat(s.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + s.runtime.port() + "/ready"))).statusCode())
          .isEqualTo(200);
    } finally {
      root.detachAppender(logs);
    }
    assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage).anyMatch(m -> m.contains("Redis store at"));
    assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage).noneMatch(m -> m.contains(PASSWORD));
  }

  @Test
  void aWrongPasswordKeepsTheServerUnreadyWithAReason() throws Exception {
    Path file = Files.createTempDirectory("redis").resolve("password");
    Files.writeString(file, "not-the-password");
    try (TestServer s = TestServer.start(spec(file))) {
      HttpResponse<String> ready = s.send(java.net.http.HttpRequest.newBuilder(
          java.net.URI.create("http://127.0.0.1:" + s.runtime.port() + "/ready")));
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(json(ready).getJsonObject("redis").getString("reason")).isEqualTo("redis: authentication failed");
      assertThat(ready.body()).doesNotContain("not-the-password");
      HttpResponse<String> init = s.send(s.post("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
          + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}"));
      assertThat(init.statusCode()).isEqualTo(503);
      assertThat(init.headers().firstValue("Retry-After")).hasValue("1");
    }
  }

  @Test
  void anExplicitPasswordFileThatIsMissingFailsAtStartNamingTheKey() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestServer.start(spec(Path.of("/nonexistent/redis/password"))))
        .hasStackTraceContaining("spec.sessions.redis.passwordFile");
  }
}
