package io.mcpfleet.server.transport;

import io.vertx.core.Future;

/**
 * Where handshake-era sessions live. In memory for one replica; a shared store (Redis) lets a session
 * created on one pod be used on any other. Every call is asynchronous so a remote store fits the same
 * shape.
 */
public interface SessionStore {

  Future<Void> put(Session session);

  /** The session, its idle timer refreshed; null when unknown or expired. */
  Future<Session> get(String id);

  /** True when a session was removed. */
  Future<Boolean> remove(String id);

  Future<Long> count();

  /** The store holds as many sessions as it may; the client should retry later (or reuse its session). */
  final class Full extends RuntimeException {
    public Full(int max) {
      super("the server holds the most sessions it may (" + max + ")", null, false, false);
    }
  }

  default Future<Void> close() {
    return Future.succeededFuture();
  }
}
