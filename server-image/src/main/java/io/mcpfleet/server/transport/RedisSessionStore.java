package io.mcpfleet.server.transport;

import io.mcpfleet.server.redis.RedisLink;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;

/**
 * Sessions in Redis, one string key per session holding {@link Session#toJson()}, expiring after an idle TTL
 * that every use refreshes (GETEX, Redis 6.2+). Any replica can serve any session, and a session outlives the
 * pod that created it. The principal travels in the record, so the transport's owner check works fleet-wide.
 * Failures (Redis down, timeout) fail the future; the transport answers them with 503 and Retry-After.
 */
public final class RedisSessionStore implements SessionStore {

  /** Session ids this server issues are 32 characters; anything much longer is not one of ours. */
  private static final int MAX_ID_LENGTH = 128;

  private final RedisLink redis;
  private final String prefix;
  private final long ttlMillis;

  public RedisSessionStore(RedisLink redis, Duration ttl) {
    this.redis = redis;
    this.prefix = redis.keyPrefix() + "session:";
    this.ttlMillis = ttl.toMillis();
  }

  @Override
  public Future<Void> put(Session session) {
    return redis.send(Request.cmd(Command.SET).arg(prefix + session.id()).arg(session.toJson().encode())
        .arg("PX").arg(ttlMillis)).mapEmpty();
  }

  @Override
  public Future<Session> get(String id) {
    if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
      return Future.succeededFuture();
    }
    return redis.send(Request.cmd(Command.GETEX).arg(prefix + id).arg("PX").arg(ttlMillis)).map(RedisSessionStore::decode);
  }

  private static Session decode(Response r) {
    if (r == null) {
      return null;
    }
    try {
      return Session.fromJson(new JsonObject(r.toString()));
    } catch (DecodeException | ClassCastException e) {
      // Not a record this server wrote: the session is unknown, not a server error.
      return null;
    }
  }

  @Override
  public Future<Boolean> remove(String id) {
    if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
      return Future.succeededFuture(false);
    }
    return redis.send(Request.cmd(Command.DEL).arg(prefix + id)).map(r -> r != null && r.toLong() > 0);
  }

  /** Sessions of this server across the fleet: a SCAN over its keys, for tooling and tests, not per request. */
  @Override
  public Future<Long> count() {
    return scan("0", 0L);
  }

  private Future<Long> scan(String cursor, long seen) {
    return redis.send(Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg(escapeGlob(prefix) + "*").arg("COUNT").arg(1000))
        .compose(r -> {
          String next = r.get(0).toString();
          long total = seen + r.get(1).size();
          return "0".equals(next) ? Future.succeededFuture(total) : scan(next, total);
        });
  }

  private static String escapeGlob(String s) {
    return s.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
  }
}
