package io.mcpfleet.server;

import static io.mcpfleet.server.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcpfleet.server.security.auth.ApiKeyAuthenticator;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two server instances on one Redis, behind a round-robin split done by the test: a handshake-era session and
 * the rate limits hold across the fleet, sessions stay bound to their principal, and outlive the instance that
 * created them.
 */
class RedisFleetTest {

  static final String ALICE = "mcpk_alice_5d1c8e2a9f3b4c7d";
  static final String BOB = "mcpk_bob_0e7a3c9b1d5f4a28";
  static RedisProcess redis;
  static Path keys;
  static TestServer a;
  static TestServer b;

  static String spec() {
    return """
        auth:
          mode: apiKey
          apiKey: {keysFile: %s}
        sessions:
          store: redis
          ttl: 10m
          redis: {url: "%s/0"}
        rateLimit: {store: redis, requestsPerMinute: 10000}
        tools:
          - {name: echo, static: {text: "said {{message}}"}}
          - {name: scarce, rateLimit: {requestsPerMinute: 3}, static: {text: ok}}
        """.formatted(AuthFixtures.yamlPath(keys), redis.url());
  }

  @BeforeAll
  static void start() throws Exception {
    redis = RedisProcess.start();
    keys = Files.createTempDirectory("apikeys").resolve("keys.json");
    Files.writeString(keys, """
        {"alice": {"sha256": "%s"}, "bob": {"sha256": "%s"}}
        """.formatted(ApiKeyAuthenticator.hash(ALICE), ApiKeyAuthenticator.hash(BOB)));
    a = TestServer.start(spec());
    b = TestServer.start(spec());
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {a, b, redis}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // keep closing the others
      }
    }
  }

  static String initialize(TestServer s, String key) {
    HttpResponse<String> r = s.send(s.post("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
        + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"fleet-test\",\"version\":\"1\"}}}", "X-API-Key", key));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.headers().firstValue("Mcp-Session-Id").orElseThrow();
  }

  static HttpResponse<String> call(TestServer s, String session, String key, String tool) {
    return s.send(s.post("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
        + "\",\"arguments\":{\"message\":\"hi\"}}}", "Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-06-18",
        "X-API-Key", key));
  }

  static HttpResponse<String> delete(TestServer s, String session, String key) {
    return s.send(HttpRequest.newBuilder(s.mcp).DELETE().header("Mcp-Session-Id", session)
        .header("MCP-Protocol-Version", "2025-06-18").header("X-API-Key", key));
  }

  @Test
  void aSessionInitializedOnOneInstanceServesCallsOnTheOther() {
    String session = initialize(a, ALICE);
    List<TestServer> roundRobin = List.of(b, a, b, a);
    for (TestServer s : roundRobin) {
      HttpResponse<String> r = call(s, session, ALICE, "echo");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(json(r).getJsonObject("result").getJsonArray("content").getJsonObject(0).getString("text")).isEqualTo("said hi");
    }
    // The record in Redis: bound to alice, negotiated version kept, and nothing secret in it.
    JsonObject stored = new JsonObject(redis.cli("GET", "mcp-fleet:test:session:" + session));
    assertThat(stored.getString("principal")).isEqualTo("alice");
    assertThat(stored.getString("protocolVersion")).isEqualTo("2025-06-18");
    assertThat(stored.encode()).doesNotContain(ALICE);
  }

  @Test
  void anotherPrincipalCannotUseTheSessionOnAnyInstance() {
    String session = initialize(a, ALICE);
    for (TestServer s : List.of(a, b)) {
      HttpResponse<String> r = call(s, session, BOB, "echo");
      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(json(r).getJsonObject("error").getInteger("code")).isEqualTo(-32001);
      assertThat(delete(s, session, BOB).statusCode()).as("bob cannot end alice's session").isEqualTo(404);
    }
    assertThat(call(b, session, ALICE, "echo").statusCode()).isEqualTo(200);
  }

  @Test
  void deleteOnOneInstanceEndsTheSessionFleetWide() {
    String session = initialize(a, ALICE);
    assertThat(call(b, session, ALICE, "echo").statusCode()).isEqualTo(200);
    assertThat(delete(b, session, ALICE).statusCode()).isEqualTo(200);
    HttpResponse<String> after = call(a, session, ALICE, "echo");
    assertThat(after.statusCode()).isEqualTo(404);
    assertThat(json(after).getJsonObject("error").getInteger("code")).isEqualTo(-32001);
    assertThat(delete(a, session, ALICE).statusCode()).isEqualTo(404);
    assertThat(redis.cli("EXISTS", "mcp-fleet:test:session:" + session)).isEqualTo("0");
  }

  @Test
  void useRefreshesTheSessionTtlInRedis() {
    String session = initialize(a, ALICE);
    String key = "mcp-fleet:test:session:" + session;
    assertThat(Long.parseLong(redis.cli("PTTL", key))).isBetween(590_000L, 600_000L);
    redis.cli("PEXPIRE", key, "5000");
    assertThat(call(b, session, ALICE, "echo").statusCode()).isEqualTo(200);
    assertThat(Long.parseLong(redis.cli("PTTL", key))).as("idle timer restarted by the call on b").isGreaterThan(590_000L);
    redis.cli("PEXPIRE", key, "1");
    sleep(20);
    assertThat(call(a, session, ALICE, "echo").statusCode()).as("expired in Redis: unknown everywhere").isEqualTo(404);
  }

  @Test
  void aToolLimitHoldsAcrossInstances() {
    String session = initialize(a, BOB);
    List<TestServer> roundRobin = List.of(a, b, a);
    for (TestServer s : roundRobin) {
      assertThat(call(s, session, BOB, "scarce").statusCode()).isEqualTo(200);
    }
    for (TestServer s : List.of(b, a)) {
      HttpResponse<String> limited = call(s, session, BOB, "scarce");
      assertThat(limited.statusCode()).as("4th and 5th calls, whichever instance").isEqualTo(429);
      assertThat(limited.headers().firstValue("Retry-After").map(Long::parseLong)).hasValueSatisfying(v -> assertThat(v).isBetween(1L, 20L));
      assertThat(limited.headers().firstValue("RateLimit-Policy")).hasValue("\"tool\";q=3;w=60");
      JsonObject error = json(limited).getJsonObject("error");
      assertThat(error.getInteger("code")).isEqualTo(-32007);
      assertThat(error.getJsonObject("data").getString("scope")).isEqualTo("tool");
    }
    // The bucket is a hash with an expiry, keyed by tool and caller.
    String bucket = "mcp-fleet:test:rl:tool:scarce:p:bob";
    assertThat(redis.cli("TYPE", bucket)).isEqualTo("hash");
    assertThat(Long.parseLong(redis.cli("PTTL", bucket))).isBetween(1L, 61_000L);
    // Another caller has its own bucket.
    String other = initialize(b, ALICE);
    assertThat(call(a, other, ALICE, "scarce").statusCode()).isEqualTo(200);
  }

  @Test
  void aSessionSurvivesARestartOfTheInstanceThatCreatedIt() {
    TestServer first = TestServer.start(spec());
    String session = initialize(first, ALICE);
    assertThat(call(first, session, ALICE, "echo").statusCode()).isEqualTo(200);
    first.close();
    try (TestServer second = TestServer.start(spec())) {
      HttpResponse<String> r = call(second, session, ALICE, "echo");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
    assertThat(call(b, session, ALICE, "echo").statusCode()).isEqualTo(200);
  }

  @Test
  void concurrentRequestsShareAFewPipelinedConnections() throws Exception {
    String session = initialize(a, ALICE);
    List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> inFlight = new java.util.ArrayList<>();
    for (int i = 0; i < 200; i++) {
      TestServer s = i % 2 == 0 ? a : b;
      inFlight.add(s.http.sendAsync(s.post("{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"tools/call\",\"params\":"
          + "{\"name\":\"echo\",\"arguments\":{\"message\":\"hi\"}}}", "Mcp-Session-Id", session,
          "MCP-Protocol-Version", "2025-06-18", "X-API-Key", ALICE).timeout(java.time.Duration.ofSeconds(20)).build(),
          HttpResponse.BodyHandlers.ofString()));
    }
    for (var f : inFlight) {
      assertThat(f.get().statusCode()).isEqualTo(200);
    }
    // One connection per event loop and server, not one per request: CLIENT LIST has a line per connection.
    long clients = redis.cli("CLIENT", "LIST").lines().filter(l -> l.startsWith("id=")).count();
    assertThat(clients).isBetween(2L, 12L);
  }

  @Test
  void readinessShowsRedisUp() throws Exception {
    HttpResponse<String> r = a.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.runtime.port() + "/ready")).GET());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).getJsonObject("redis").getString("status")).isEqualTo("UP");
    assertThat(json(r).getJsonObject("redis").getBoolean("required")).isTrue();
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
