package io.mcpfleet.server.transport;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/** Sessions in this process, expiring after an idle TTL. Right for one replica or sticky routing. */
public final class InMemorySessionStore implements SessionStore {

  private record Entry(Session session, long expiresAt) {}

  private final ConcurrentHashMap<String, Entry> sessions = new ConcurrentHashMap<>();
  private final long ttlMillis;
  private final Vertx vertx;
  private final long sweeper;

  public InMemorySessionStore(Vertx vertx, Duration ttl) {
    this.vertx = vertx;
    this.ttlMillis = ttl.toMillis();
    this.sweeper = vertx.setPeriodic(Math.min(60_000, Math.max(1_000, ttlMillis / 2)), id -> sweep());
  }

  /** Bounds the memory a flood of initialize requests can take; beyond it initialize gets 503. */
  static final int MAX_SESSIONS = 100_000;

  @Override
  public Future<Void> put(Session session) {
    if (sessions.size() >= MAX_SESSIONS) {
      sweep();
      if (sessions.size() >= MAX_SESSIONS) {
        return Future.failedFuture(new SessionStore.Full(MAX_SESSIONS));
      }
    }
    sessions.put(session.id(), new Entry(session, System.currentTimeMillis() + ttlMillis));
    return Future.succeededFuture();
  }

  @Override
  public Future<Session> get(String id) {
    long now = System.currentTimeMillis();
    Entry e = sessions.computeIfPresent(id, (k, old) -> old.expiresAt < now ? null : new Entry(old.session, now + ttlMillis));
    return Future.succeededFuture(e == null ? null : e.session);
  }

  @Override
  public Future<Boolean> remove(String id) {
    return Future.succeededFuture(sessions.remove(id) != null);
  }

  @Override
  public Future<Long> count() {
    return Future.succeededFuture((long) sessions.size());
  }

  public int size() {
    return sessions.size();
  }

  @Override
  public Future<Void> close() {
    vertx.cancelTimer(sweeper);
    return Future.succeededFuture();
  }

  private void sweep() {
    long now = System.currentTimeMillis();
    sessions.values().removeIf(e -> e.expiresAt < now);
  }
}
