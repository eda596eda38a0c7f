package io.mcpfleet.server.resilience;

import io.vertx.core.Future;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** Token buckets in this process. Idle full buckets are dropped so one-off callers cost no memory for long. */
public final class LocalRateLimiter implements RateLimiter {

  private static final long IDLE_MILLIS = 10 * 60_000;

  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final LongSupplier clock;

  public LocalRateLimiter() {
    this(System::currentTimeMillis);
  }

  LocalRateLimiter(LongSupplier clock) {
    this.clock = clock;
  }

  @Override
  public Future<Decision> acquire(String key, Limit limit) {
    return Future.succeededFuture(tryAcquire(key, limit));
  }

  public Decision tryAcquire(String key, Limit limit) {
    long now = clock.getAsLong();
    return buckets.computeIfAbsent(key, k -> new Bucket(limit.burst(), now)).take(limit, now);
  }

  /** Drops buckets idle long enough to be full again; call periodically. */
  public void sweep() {
    long now = clock.getAsLong();
    buckets.values().removeIf(b -> b.idleSince(now) > IDLE_MILLIS);
  }

  int size() {
    return buckets.size();
  }

  private static final class Bucket {
    private double tokens;
    private long last;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.last = now;
    }

    synchronized Decision take(Limit limit, long now) {
      tokens = Math.min(limit.burst(), tokens + (now - last) * limit.tokensPerMilli());
      last = now;
      if (tokens >= 1) {
        tokens -= 1;
        return new Decision(true, (int) tokens, 0);
      }
      long waitMillis = (long) Math.ceil((1 - tokens) / limit.tokensPerMilli());
      return new Decision(false, 0, Math.max(1, (waitMillis + 999) / 1000));
    }

    synchronized long idleSince(long now) {
      return now - last;
    }
  }
}
