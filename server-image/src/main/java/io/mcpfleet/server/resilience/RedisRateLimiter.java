package io.mcpfleet.server.resilience;

import io.mcpfleet.server.mcp.JsonRpc;
import io.mcpfleet.server.mcp.McpException;
import io.mcpfleet.server.redis.RedisLink;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Response;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Token buckets shared by every replica: the same arithmetic as {@link LocalRateLimiter}, run atomically inside
 * Redis by one Lua script per acquire, on Redis's own clock (TIME), so replicas with skewed clocks still agree.
 * Each bucket is a hash {@code t} (tokens) / {@code l} (last refill, ms) that expires once it would be full
 * again, so idle callers cost nothing. When Redis cannot answer: {@code failOpen} allows the request (the
 * limit lapses, the service stays up), otherwise it is refused with 503 and Retry-After.
 */
public final class RedisRateLimiter implements RateLimiter {

  private static final Logger LOG = LoggerFactory.getLogger(RedisRateLimiter.class);

  /** KEYS[1] the bucket; ARGV requestsPerMinute, burst, and (tests only) the time in ms instead of Redis TIME. */
  static final RedisLink.Script TOKEN_BUCKET = RedisLink.Script.of("""
      local rpm = tonumber(ARGV[1])
      local burst = tonumber(ARGV[2])
      local rate = rpm / 60000.0
      local now
      if ARGV[3] then
        now = tonumber(ARGV[3])
      else
        local t = redis.call('TIME')
        now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      end
      local state = redis.call('HMGET', KEYS[1], 't', 'l')
      local tokens = tonumber(state[1])
      local last = tonumber(state[2])
      if tokens == nil or last == nil then
        tokens = burst
        last = now
      end
      tokens = math.min(burst, tokens + (now - last) * rate)
      local allowed = 0
      local retry = 0
      if tokens >= 1 then
        tokens = tokens - 1
        allowed = 1
      else
        local wait = math.ceil((1 - tokens) / rate)
        retry = math.max(1, math.floor((wait + 999) / 1000))
      end
      redis.call('HSET', KEYS[1], 't', string.format('%.17g', tokens), 'l', string.format('%d', now))
      redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate) + 1000)
      return {allowed, math.floor(tokens), retry}
      """);

  private final RedisLink redis;
  private final String prefix;
  private final boolean failOpen;
  private final LongSupplier clock;
  private final AtomicLong failures = new AtomicLong();
  private final AtomicBoolean failing = new AtomicBoolean();

  public RedisRateLimiter(RedisLink redis, boolean failOpen) {
    this(redis, failOpen, null);
  }

  /** @param clock the time in ms to pass to the script instead of Redis TIME (tests); null for Redis TIME */
  RedisRateLimiter(RedisLink redis, boolean failOpen, LongSupplier clock) {
    this.redis = redis;
    this.prefix = redis.keyPrefix() + "rl:";
    this.failOpen = failOpen;
    this.clock = clock;
  }

  @Override
  public Future<Decision> acquire(String key, Limit limit) {
    List<String> args = clock == null
        ? List.of(Integer.toString(limit.requestsPerMinute()), Integer.toString(limit.burst()))
        : List.of(Integer.toString(limit.requestsPerMinute()), Integer.toString(limit.burst()), Long.toString(clock.getAsLong()));
    return redis.eval(TOKEN_BUCKET, List.of(prefix + key), args)
        .map(this::decision)
        .recover(err -> unavailable(limit, err));
  }

  private Decision decision(Response r) {
    if (failing.get() && failing.compareAndSet(true, false)) {
      LOG.info("rate limiter: Redis answers again; limits hold fleet-wide");
    }
    return new Decision(r.get(0).toInteger() == 1, r.get(1).toInteger(), r.get(2).toLong());
  }

  private Future<Decision> unavailable(Limit limit, Throwable err) {
    failures.incrementAndGet();
    if (failing.compareAndSet(false, true)) {
      // Once per outage, not once per request.
      LOG.warn("rate limiter: Redis did not answer ({}); {}", RedisLink.describeFailure(err),
          failOpen ? "allowing requests until it does (rateLimit.failOpen: true)"
              : "refusing requests with 503 until it does (rateLimit.failOpen: false)");
    }
    if (failOpen) {
      return Future.succeededFuture(new Decision(true, 0, 0));
    }
    return Future.failedFuture(new McpException(503, JsonRpc.INTERNAL_ERROR,
        "Rate limiter unavailable (its store does not answer); retry shortly",
        new JsonObject().put("scope", limit.name()).put("reason", "rate-limit-store-unavailable").put("retryAfterSeconds", 1)));
  }

  /** Failed acquires since start (Redis down or slow). */
  public long failures() {
    return failures.get();
  }
}
