package io.mcpfleet.server.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpfleet.server.RedisProcess;
import io.mcpfleet.server.config.ServerConfig;
import io.mcpfleet.server.mcp.McpException;
import io.mcpfleet.server.redis.RedisLink;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Lua token bucket against {@link LocalRateLimiter}: the same decisions, step by step, on the same clock. */
class RedisRateLimiterTest {

  static RedisProcess redis;
  static Vertx vertx;
  static RedisLink link;

  @BeforeAll
  static void start() {
    redis = RedisProcess.start();
    vertx = Vertx.vertx();
    link = link(redis.url());
  }

  static RedisLink link(String url) {
    return RedisLink.create(vertx, new ServerConfig.Redis(url, Path.of("/nonexistent/password"), false,
        Duration.ofMillis(500), "unit:"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (link != null) {
      link.close().await(5, TimeUnit.SECONDS);
    }
    if (vertx != null) {
      vertx.close().await(5, TimeUnit.SECONDS);
    }
    if (redis != null) {
      redis.close();
    }
  }

  static RateLimiter.Decision acquire(RateLimiter l, String key, RateLimiter.Limit limit) throws Exception {
    return l.acquire(key, limit).await(5, TimeUnit.SECONDS);
  }

  @Test
  void decisionsMatchTheLocalLimiterStepByStep() throws Exception {
    AtomicLong now = new AtomicLong(1_767_000_000_000L);
    LocalRateLimiter local = new LocalRateLimiter(now::get);
    RedisRateLimiter shared = new RedisRateLimiter(link, false, now::get);
    RateLimiter.Limit[] limits = {
        new RateLimiter.Limit("caller", 7, 3), new RateLimiter.Limit("tool", 60, 1), new RateLimiter.Limit("global", 1000, 20)};
    Random random = new Random(42);
    int allowed = 0;
    int refused = 0;
    for (int i = 0; i < 600; i++) {
      now.addAndGet(random.nextInt(4) == 0 ? random.nextInt(20_000) : random.nextInt(300));
      int k = random.nextInt(limits.length);
      RateLimiter.Decision expected = local.tryAcquire("k" + k, limits[k]);
      RateLimiter.Decision actual = acquire(shared, "k" + k, limits[k]);
      assertThat(actual).as("step %d, bucket %d", i, k).isEqualTo(expected);
      if (expected.allowed()) {
        allowed++;
      } else {
        refused++;
      }
    }
    assertThat(allowed).as("the sequence exercises both outcomes").isGreaterThan(50);
    assertThat(refused).isGreaterThan(50);
  }

  @Test
  void withRedisTimeABurstIsServedThenRefusedWithRetryAfter() throws Exception {
    RedisRateLimiter shared = new RedisRateLimiter(link, false);
    RateLimiter.Limit limit = new RateLimiter.Limit("caller", 2, 2);
    assertThat(acquire(shared, "time", limit).allowed()).isTrue();
    assertThat(acquire(shared, "time", limit).allowed()).isTrue();
    RateLimiter.Decision refused = acquire(shared, "time", limit);
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.retryAfterSeconds()).isBetween(29L, 30L);
    assertThat(Long.parseLong(redis.cli("PTTL", "unit:rl:time"))).isBetween(1L, 61_000L);
  }

  @Test
  void aFlushedScriptCacheFallsBackToEval() throws Exception {
    RedisRateLimiter shared = new RedisRateLimiter(link, false);
    RateLimiter.Limit limit = new RateLimiter.Limit("caller", 100, 100);
    assertThat(acquire(shared, "flush", limit).allowed()).isTrue();
    redis.cli("SCRIPT", "FLUSH");
    assertThat(redis.cli("SCRIPT", "EXISTS", RedisRateLimiter.TOKEN_BUCKET.sha1())).isEqualTo("0");
    RateLimiter.Decision d = acquire(shared, "flush", limit);
    assertThat(d.allowed()).isTrue();
    assertThat(d.remaining()).isEqualTo(98);
    assertThat(redis.cli("SCRIPT", "EXISTS", RedisRateLimiter.TOKEN_BUCKET.sha1())).as("EVAL cached it again").isEqualTo("1");
  }

  @Test
  void anUnreachableRedisFailsOpenOrClosedAsConfigured() throws Exception {
    RedisLink nowhere = link("redis://127.0.0.1:" + RedisProcess.unusedPort());
    try {
      RateLimiter.Limit limit = new RateLimiter.Limit("caller", 1, 1);
      RedisRateLimiter open = new RedisRateLimiter(nowhere, true);
      for (int i = 0; i < 3; i++) {
        assertThat(acquire(open, "x", limit).allowed()).isTrue();
      }
      assertThat(open.failures()).isEqualTo(3);
      RedisRateLimiter closed = new RedisRateLimiter(nowhere, false);
      Throwable err = closed.acquire("x", limit).transform(ar -> io.vertx.core.Future.succeededFuture(ar.cause()))
          .await(5, TimeUnit.SECONDS);
      assertThat(err).isInstanceOf(McpException.class);
      assertThat(((McpException) err).httpStatus()).isEqualTo(503);
      assertThat(((McpException) err).code()).isEqualTo(-32603);
    } finally {
      nowhere.close().await(5, TimeUnit.SECONDS);
    }
  }
}
