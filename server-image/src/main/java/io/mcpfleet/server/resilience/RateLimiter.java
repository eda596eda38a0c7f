package io.mcpfleet.server.resilience;

import io.vertx.core.Future;

/**
 * Token buckets by key. Local buckets serve one replica; a shared store (Redis) makes a limit hold across
 * the fleet. Never blocks: the answer says whether a token was taken and, if not, when to retry.
 */
public interface RateLimiter {

  Future<Decision> acquire(String key, Limit limit);

  /** A bucket of {@code burst} tokens refilled at {@code requestsPerMinute}; {@code name} labels headers and metrics. */
  record Limit(String name, int requestsPerMinute, int burst) {

    double tokensPerMilli() {
      return requestsPerMinute / 60_000.0;
    }
  }

  /** The outcome of one acquire. */
  record Decision(boolean allowed, int remaining, long retryAfterSeconds) {}

  default void close() {}
}
