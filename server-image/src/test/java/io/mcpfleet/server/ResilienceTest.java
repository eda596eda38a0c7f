package io.mcpfleet.server;

import static io.mcpfleet.server.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Attacks on the server's limits: floods, overload, slow and failing tools. */
class ResilienceTest {

  static Backend backend;

  @BeforeAll
  static void backend() {
    backend = new Backend();
  }

  @AfterAll
  static void stop() {
    backend.close();
  }

  private static HttpResponse<String> call(TestServer s, String tool) {
    return s.modern("tools/call", tool, "{\"name\":\"" + tool + "\",\"arguments\":{}}");
  }

  @Test
  void floodPastThePerCallerLimitGets429WithRetryAfterAndRateLimitHeaders() {
    try (TestServer s = TestServer.start("""
        rateLimit: {requestsPerMinute: 5}
        tools: [{name: t, static: {text: ok}}]
        """)) {
      for (int i = 0; i < 5; i++) {
        assertThat(call(s, "t").statusCode()).as("request %d", i).isEqualTo(200);
      }
      HttpResponse<String> limited = call(s, "t");
      assertThat(limited.statusCode()).isEqualTo(429);
      assertThat(limited.headers().firstValue("Retry-After").map(Long::parseLong)).hasValueSatisfying(v -> assertThat(v).isBetween(1L, 60L));
      assertThat(limited.headers().firstValue("RateLimit-Policy")).hasValue("\"caller\";q=5;w=60");
      assertThat(limited.headers().firstValue("RateLimit").orElse("")).startsWith("\"caller\";r=0;t=");
      JsonObject error = json(limited).getJsonObject("error");
      assertThat(error.getInteger("code")).isEqualTo(-32007);
      assertThat(error.getJsonObject("data").getInteger("limit")).isEqualTo(5);
      assertThat(metric(s, "mcp_rate_limited_total{scope=\"caller\"}")).isEqualTo(1.0);
    }
  }

  @Test
  void perToolLimitRefusesOnlyThatTool() {
    try (TestServer s = TestServer.start("""
        tools:
          - {name: scarce, rateLimit: {requestsPerMinute: 2}, static: {text: ok}}
          - {name: plenty, static: {text: ok}}
        """)) {
      assertThat(call(s, "scarce").statusCode()).isEqualTo(200);
      assertThat(call(s, "scarce").statusCode()).isEqualTo(200);
      HttpResponse<String> limited = call(s, "scarce");
      assertThat(limited.statusCode()).isEqualTo(429);
      assertThat(json(limited).getJsonObject("error").getJsonObject("data").getString("scope")).isEqualTo("tool");
      assertThat(limited.headers().firstValue("Retry-After")).isPresent();
      assertThat(call(s, "plenty").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void globalLimitHoldsAcrossCallers() {
    try (TestServer s = TestServer.start("""
        rateLimit: {global: {requestsPerMinute: 3}}
        tools: [{name: t, static: {text: ok}}]
        """)) {
      IntStream.range(0, 3).forEach(i -> assertThat(call(s, "t").statusCode()).isEqualTo(200));
      HttpResponse<String> limited = call(s, "t");
      assertThat(limited.statusCode()).isEqualTo(429);
      assertThat(json(limited).getJsonObject("error").getJsonObject("data").getString("scope")).isEqualTo("global");
    }
  }

  @Test
  void aCallerOverItsLimitDoesNotSpendTheGlobalBucket() {
    try (TestServer s = TestServer.start("""
        rateLimit: {requestsPerMinute: 2, trustForwardedFor: true, global: {requestsPerMinute: 5}}
        tools: [{name: t, static: {text: ok}}]
        """)) {
      java.util.function.Function<String, Integer> from = xff -> s.send(s.post(
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"t\",\"_meta\":"
              + TestServer.MODERN_META + "}}", "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call",
          "Mcp-Name", "t", "X-Forwarded-For", xff)).statusCode();
      assertThat(IntStream.range(0, 10).map(i -> from.apply("203.0.113.9, 10.0.0.1"))).containsExactly(
          200, 200, 429, 429, 429, 429, 429, 429, 429, 429);
      // a forged first entry does not make a new caller: the proxy's last entry is the key
      assertThat(from.apply("198.51.100.7, 10.0.0.1")).isEqualTo(429);
      assertThat(from.apply("10.0.0.2")).as("another caller still finds global tokens").isEqualTo(200);
    }
  }

  @Test
  void clientCancellationsDoNotOpenTheBreaker() throws Exception {
    try (TestServer s = TestServer.start("""
        resilience: {circuitBreaker: {failureThreshold: 2, resetTimeout: 60s}}
        tools: [{name: slow, http: {url: "%s/slow"}}]
        """.formatted(backend.url()))) {
      String session = s.initialize("2025-06-18");
      for (int i = 0; i < 3; i++) {
        String id = "c" + i;
        var pending = CompletableFuture.supplyAsync(() -> s.send(s.post(
            "{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"method\":\"tools/call\",\"params\":{\"name\":\"slow\"}}",
            "Mcp-Session-Id", session)));
        Thread.sleep(300);
        s.send(s.post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":\"" + id + "\"}}",
            "Mcp-Session-Id", session));
        var answer = pending.get();
        assertThat(json(answer).getJsonObject("error")).as(answer.body()).isNotNull();
        assertThat(json(answer).getJsonObject("error").getInteger("code")).isEqualTo(-32800);
      }
      Thread.sleep(200);
      assertThat(new JsonObject(s.send(HttpRequest.newBuilder(s.mcp.resolve("/health")).GET()).body())
          .getJsonObject("circuitBreakers").getString("slow")).isEqualTo("CLOSED");
    }
  }

  @Test
  void overloadPastTheQueueIsRefusedFastWith503() throws Exception {
    try (TestServer s = TestServer.start("""
        resilience: {maxConcurrentRequests: 1, maxQueuedRequests: 1}
        tools: [{name: slow, http: {url: "%s/delay?ms=1500"}}]
        """.formatted(backend.url()))) {
      List<CompletableFuture<HttpResponse<String>>> first = IntStream.range(0, 2)
          .mapToObj(i -> CompletableFuture.supplyAsync(() -> call(s, "slow"))).toList();
      Thread.sleep(300); // one runs, one waits
      long t0 = System.nanoTime();
      HttpResponse<String> refused = call(s, "slow");
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(500));
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(json(refused).getJsonObject("error").getInteger("code")).isEqualTo(-32008);
      for (var f : first) {
        assertThat(f.get().statusCode()).as("admitted requests complete").isEqualTo(200);
      }
      assertThat(metric(s, "mcp_overload_rejections_total")).isEqualTo(1.0);
    }
  }

  @Test
  void requestPastTheTimeoutIsCancelledAndAnsweredWithATimeoutError() throws Exception {
    try (TestServer s = TestServer.start("""
        resilience: {requestTimeout: 300ms}
        tools: [{name: slow, timeout: 10s, http: {url: "%s/slow"}}]
        """.formatted(backend.url()))) {
      long before = backend.slowAbandoned.getCount();
      long t0 = System.nanoTime();
      HttpResponse<String> r = call(s, "slow");
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
      JsonObject error = json(r).getJsonObject("error");
      assertThat(error.getInteger("code")).isEqualTo(-32009);
      assertThat(error.getString("message")).contains("300 ms");
      assertThat(before == 0 || backend.slowAbandoned.await(5, java.util.concurrent.TimeUnit.SECONDS))
          .as("the backend call was aborted").isTrue();
    }
  }

  @Test
  void failingToolOpensItsBreakerThenHalfOpensAfterTheReset() throws Exception {
    try (TestServer s = TestServer.start("""
        resilience: {circuitBreaker: {failureThreshold: 2, resetTimeout: 1s}}
        tools:
          - {name: flaky, http: {url: "%s/fail"}}
          - {name: fine, static: {text: ok}}
        """.formatted(backend.url()))) {
      for (int i = 0; i < 2; i++) {
        JsonObject result = json(call(s, "flaky")).getJsonObject("result");
        assertThat(result.getBoolean("isError")).isTrue();
        assertThat(result.getJsonArray("content").getJsonObject(0).getString("text")).contains("503");
      }
      long seen = backend.seen.stream().filter(x -> x.uri().equals("/fail")).count();
      long t0 = System.nanoTime();
      HttpResponse<String> open = call(s, "flaky");
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(200));
      JsonObject error = json(open).getJsonObject("error");
      assertThat(error.getInteger("code")).isEqualTo(-32010);
      assertThat(error.getString("message")).contains("temporarily unavailable");
      assertThat(backend.seen.stream().filter(x -> x.uri().equals("/fail")).count()).as("open circuit: no call").isEqualTo(seen);
      assertThat(new JsonObject(s.send(HttpRequest.newBuilder(s.mcp.resolve("/health")).GET()).body())
          .getJsonObject("circuitBreakers").getString("flaky")).isEqualTo("OPEN");
      assertThat(metric(s, "mcp_circuit_breaker_state{tool=\"flaky\"}")).isEqualTo(2.0);
      assertThat(call(s, "fine").statusCode()).as("other tools unaffected").isEqualTo(200);

      Thread.sleep(1300);
      JsonObject trial = json(call(s, "flaky")).getJsonObject("result");
      assertThat(trial).as("half-open lets a trial call through").isNotNull();
      assertThat(backend.seen.stream().filter(x -> x.uri().equals("/fail")).count()).isEqualTo(seen + 1);
    }
  }

  @Test
  void metricsCountRequestsByMethodToolEraAndOutcome() {
    try (TestServer s = TestServer.start("tools: [{name: t, static: {text: ok}}]")) {
      call(s, "t");
      call(s, "t");
      s.modern("tools/call", "nope", "{\"name\":\"nope\"}");
      String scrape = scrape(s);
      assertThat(scrape).contains("mcp_requests_total{era=\"modern\",method=\"tools/call\",outcome=\"ok\",tool=\"t\"} 2.0");
      assertThat(scrape).contains("outcome=\"invalid_params\"");
      assertThat(scrape).contains("mcp_request_duration_seconds_bucket{era=\"modern\",method=\"tools/call\"");
      assertThat(scrape).contains("jvm_memory_used_bytes");
      assertThat(scrape).contains("mcp_inflight_requests");
    }
  }

  @Test
  void requestIdIsHonouredOrMinted() {
    try (TestServer s = TestServer.start("tools: []")) {
      HttpResponse<String> given = s.send(s.post("{}", "X-Request-Id", "trace-42"));
      assertThat(given.headers().firstValue("X-Request-Id")).hasValue("trace-42");
      HttpResponse<String> hostile = s.send(s.post("{}", "X-Request-Id", "x".repeat(300)));
      assertThat(hostile.headers().firstValue("X-Request-Id")).hasValueSatisfying(v -> assertThat(v).hasSizeLessThan(40));
      HttpResponse<String> none = s.send(s.post("{}"));
      assertThat(none.headers().firstValue("X-Request-Id")).isPresent();
    }
  }

  static String scrape(TestServer s) {
    return s.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.runtime.metricsPort() + "/metrics")).GET()).body();
  }

  static double metric(TestServer s, String series) {
    return scrape(s).lines().filter(l -> l.startsWith(series + " ")).map(l -> Double.parseDouble(l.substring(series.length() + 1)))
        .findFirst().orElse(0.0);
  }
}
