package io.mcpfleet.server.resilience;

import io.mcpfleet.server.mcp.JsonRpc;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Backpressure: at most {@code maxConcurrent} requests run at once and at most {@code maxQueued} wait;
 * anything beyond is refused at once with 503 and {@code Retry-After}, so overload costs the server almost
 * nothing and clients back off. A queued request that waits longer than {@code maxWaitMillis} is refused the
 * same way. Long-lived GET streams are not counted: they hold no worker, only a connection.
 */
public final class AdmissionControl implements Handler<RoutingContext> {

  private record Waiting(RoutingContext rc, Context context, long since) {}

  private final Vertx vertx;
  private final int maxConcurrent;
  private final int maxQueued;
  private final long maxWaitMillis;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger queued = new AtomicInteger();
  private final ConcurrentLinkedQueue<Waiting> queue = new ConcurrentLinkedQueue<>();
  private final Runnable onRefused;
  private volatile boolean closed;

  public AdmissionControl(Vertx vertx, int maxConcurrent, int maxQueued, long maxWaitMillis, Runnable onRefused) {
    this.vertx = vertx;
    this.maxConcurrent = maxConcurrent;
    this.maxQueued = maxQueued;
    this.maxWaitMillis = maxWaitMillis;
    this.onRefused = onRefused;
  }

  @Override
  public void handle(RoutingContext rc) {
    if (!rc.request().method().name().equals("POST")) {
      rc.next();
      return;
    }
    if (closed) {
      refuse(rc, "The server is shutting down; retry on another instance");
      return;
    }
    if (tryEnter()) {
      run(rc);
      return;
    }
    if (queued.incrementAndGet() > maxQueued) {
      queued.decrementAndGet();
      refuse(rc, "Server overloaded: " + maxConcurrent + " requests in flight and " + maxQueued + " queued");
      return;
    }
    queue.add(new Waiting(rc, vertx.getOrCreateContext(), System.currentTimeMillis()));
    drain(); // a slot may have freed between the check and the enqueue
  }

  private boolean tryEnter() {
    while (true) {
      int n = inFlight.get();
      if (n >= maxConcurrent) {
        return false;
      }
      if (inFlight.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  private void run(RoutingContext rc) {
    // The slot is held until the response is done, however it ends (sent, failed, client gone).
    rc.addEndHandler(v -> release());
    rc.next();
  }

  private void release() {
    inFlight.decrementAndGet();
    drain();
  }

  private void drain() {
    while (!queue.isEmpty() && tryEnter()) {
      Waiting w = queue.poll();
      if (w == null) {
        inFlight.decrementAndGet();
        return;
      }
      queued.decrementAndGet();
      if (w.rc().response().closed()) {
        inFlight.decrementAndGet();
        continue;
      }
      if (System.currentTimeMillis() - w.since() > maxWaitMillis) {
        inFlight.decrementAndGet();
        w.context().runOnContext(v -> refuse(w.rc(), "Server overloaded: waited too long for a free slot"));
        continue;
      }
      w.context().runOnContext(v -> run(w.rc()));
    }
  }

  /** Refuses new work and everything still queued (graceful shutdown). */
  public void close() {
    closed = true;
    Waiting w;
    while ((w = queue.poll()) != null) {
      queued.decrementAndGet();
      Waiting waiting = w;
      waiting.context().runOnContext(v -> refuse(waiting.rc(), "The server is shutting down; retry on another instance"));
    }
  }

  public int inFlight() {
    return inFlight.get();
  }

  public int queued() {
    return queued.get();
  }

  private void refuse(RoutingContext rc, String message) {
    onRefused.run();
    if (rc.response().ended() || rc.response().closed()) {
      return;
    }
    rc.response().setStatusCode(503).putHeader("Retry-After", "1").putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("jsonrpc", "2.0").putNull("id")
            .put("error", new JsonObject().put("code", JsonRpc.OVERLOADED).put("message", message)).toBuffer());
  }
}
