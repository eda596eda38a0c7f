package io.mcpfleet.server;

import static io.mcpfleet.server.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A per-caller limit across instances, and what clients see when Redis goes away mid-traffic and comes back:
 * a quick 503 with Retry-After (never a hang) for sessions, fail-open or fail-closed rate limiting, readiness
 * 503 while Redis is down, and recovery without a server restart. Callers are told apart by X-Forwarded-For
 * (trusted here) so each test has its own bucket.
 */
class RedisOutageTest {

  static RedisProcess redis;
  /** Sessions and a 4-per-minute caller limit on Redis, failing open. */
  static TestServer a;
  static TestServer b;
  /** Sessions in memory, a rate limit on Redis failing closed, its own key prefix. */
  static TestServer closed;

  @BeforeAll
  static void start() {
    redis = RedisProcess.start();
    String open = """
        sessions:
          store: redis
          redis: {url: "%s", timeout: 300ms}
        rateLimit: {store: redis, requestsPerMinute: 4, failOpen: true, key: ip, trustForwardedFor: true}
        tools: [{name: echo, static: {text: ok}}]
        """.formatted(redis.url());
    a = TestServer.start(open);
    b = TestServer.start(open);
    closed = TestServer.start("""
        sessions:
          redis: {url: "%s", timeout: 300ms, keyPrefix: "closed:"}
        rateLimit: {store: redis, requestsPerMinute: 1000, failOpen: false, key: ip, trustForwardedFor: true}
        tools: [{name: echo, static: {text: ok}}]
        """.formatted(redis.url()));
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {a, b, closed, redis}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // keep closing the others
      }
    }
  }

  static HttpResponse<String> modern(TestServer s, String ip) {
    return AuthFixtures.rpc(s, "tools/call", "echo", "{\"name\":\"echo\",\"arguments\":{}}", "X-Forwarded-For", ip);
  }

  static String initialize(TestServer s, String ip) {
    HttpResponse<String> r = s.send(s.post("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
        + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}", "X-Forwarded-For", ip));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.headers().firstValue("Mcp-Session-Id").orElseThrow();
  }

  static HttpResponse<String> call(TestServer s, String session, String ip) {
    return s.send(s.post("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{}}}",
        "Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-06-18", "X-Forwarded-For", ip));
  }

  static HttpResponse<String> ready(TestServer s) {
    return s.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.runtime.port() + "/ready")).GET());
  }

  /** Polls /ready until it matches (the health PING runs every second); fails after 6 s. */
  static HttpResponse<String> awaitReady(TestServer s, Predicate<HttpResponse<String>> wanted) {
    long deadline = System.currentTimeMillis() + 6_000;
    while (true) {
      HttpResponse<String> r = ready(s);
      if (wanted.test(r) || System.currentTimeMillis() > deadline) {
        return r;
      }
      RedisFleetTest.sleep(50);
    }
  }

  static void assertStoreUnavailable(HttpResponse<String> r, long elapsedMillis, String reason) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
    assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
    JsonObject error = json(r).getJsonObject("error");
    assertThat(error.getInteger("code")).isEqualTo(-32603);
    assertThat(error.getJsonObject("data").getString("reason")).isEqualTo(reason);
    assertThat(elapsedMillis).as("answered quickly, no hang").isLessThan(2_500);
  }

  @Test
  void aPerCallerLimitHoldsAcrossInstances() {
    String ip = "10.0.0.1";
    List<TestServer> roundRobin = List.of(a, b, a, b);
    for (TestServer s : roundRobin) {
      assertThat(modern(s, ip).statusCode()).isEqualTo(200);
    }
    for (TestServer s : List.of(a, b)) {
      HttpResponse<String> limited = modern(s, ip);
      assertThat(limited.statusCode()).as("5th and 6th requests, whichever instance").isEqualTo(429);
      assertThat(limited.headers().firstValue("Retry-After").map(Long::parseLong)).hasValueSatisfying(v -> assertThat(v).isBetween(1L, 15L));
      assertThat(limited.headers().firstValue("RateLimit-Policy")).hasValue("\"caller\";q=4;w=60");
      assertThat(json(limited).getJsonObject("error").getInteger("code")).isEqualTo(-32007);
    }
    assertThat(modern(b, "10.0.0.99").statusCode()).as("another caller is not limited").isEqualTo(200);
  }

  @Test
  void redisKilledAndRestartedMidTraffic() {
    String ip = "10.0.0.2";
    String session = initialize(a, ip);
    assertThat(call(b, session, ip).statusCode()).isEqualTo(200);
    redis.stop();
    try {
      long t0 = System.currentTimeMillis();
      HttpResponse<String> r = call(b, session, ip);
      assertStoreUnavailable(r, System.currentTimeMillis() - t0, "session-store-unavailable");

      t0 = System.currentTimeMillis();
      HttpResponse<String> init = a.send(a.post("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
          + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}", "X-Forwarded-For", ip));
      assertStoreUnavailable(init, System.currentTimeMillis() - t0, "session-store-unavailable");

      // Fail open: more requests than the limit of 4 all pass while the limiter cannot count.
      for (int i = 0; i < 6; i++) {
        assertThat(modern(i % 2 == 0 ? a : b, ip).statusCode()).as("fail-open request %d", i).isEqualTo(200);
      }
      // Fail closed: refused, quickly, with Retry-After.
      t0 = System.currentTimeMillis();
      assertStoreUnavailable(modern(closed, ip), System.currentTimeMillis() - t0, "rate-limit-store-unavailable");

      for (TestServer s : List.of(a, b, closed)) {
        HttpResponse<String> down = awaitReady(s, x -> x.statusCode() == 503);
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(json(down).getJsonObject("redis").getString("status")).isEqualTo("DOWN");
        assertThat(json(down).getJsonObject("redis").getString("reason")).isEqualTo("redis: unreachable");
      }
    } finally {
      redis.launch();
    }
    for (TestServer s : List.of(a, b, closed)) {
      assertThat(awaitReady(s, x -> x.statusCode() == 200).statusCode()).as("ready again").isEqualTo(200);
    }
    // This Redis keeps nothing across a restart (no persistence): old sessions are gone, clients re-initialize.
    assertThat(call(a, session, ip).statusCode()).isEqualTo(404);
    String fresh = initialize(b, "10.0.0.3");
    assertThat(call(a, fresh, "10.0.0.3").statusCode()).isEqualTo(200);
    assertThat(modern(closed, ip).statusCode()).isEqualTo(200);
    // Limits count again: 2 used above, 2 left, then 429.
    assertThat(modern(a, "10.0.0.3").statusCode()).isEqualTo(200);
    assertThat(modern(b, "10.0.0.3").statusCode()).isEqualTo(200);
    assertThat(modern(a, "10.0.0.3").statusCode()).isEqualTo(429);
  }

  @Test
  void aStalledRedisTimesOutInsteadOfHanging() {
    String ip = "10.0.0.4";
    String session = initialize(a, ip);
    redis.pause(true);
    try {
      long t0 = System.currentTimeMillis();
      HttpResponse<String> r = call(b, session, ip);
      assertStoreUnavailable(r, System.currentTimeMillis() - t0, "session-store-unavailable");
      t0 = System.currentTimeMillis();
      assertStoreUnavailable(modern(closed, ip), System.currentTimeMillis() - t0, "rate-limit-store-unavailable");
      HttpResponse<String> down = awaitReady(a, x -> x.statusCode() == 503);
      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(json(down).getJsonObject("redis").getString("reason")).isEqualTo("redis: no answer within the timeout");
    } finally {
      redis.pause(false);
    }
    assertThat(awaitReady(a, x -> x.statusCode() == 200).statusCode()).isEqualTo(200);
    HttpResponse<String> after = call(b, session, ip);
    assertThat(after.statusCode()).as("the session was never lost: " + after.body()).isEqualTo(200);
  }
}
