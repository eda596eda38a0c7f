package io.mcpfleet.server.resilience;

import io.mcpfleet.server.mcp.JsonRpc;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Backpressure: at most {@code maxConcurrent} requests run at once and at most {@code maxQueued} wait;
 * anything beyond is refused at once with 503 and {@code Retry-After}, so overload costs the server almost
 * nothing and clients back off. A queued request that waits longer than {@code maxWaitMillis} is refused the
 * same way. Long-lived GET streams are not counted: they hold no worker, only a connection.
 */
public final class AdmissionControl implements Handler<RoutingContext> {

  /** A queued request; {@code taken} decides once between the queue (a slot freed) and its wait timer. */
  private record Waiting(RoutingContext rc, Context context, AtomicBoolean taken) {}

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
    Waiting waiting = new Waiting(rc, vertx.getOrCreateContext(), new AtomicBoolean());
    queue.add(waiting);
    // A queued request waits at most maxWaitMillis, whether or not a slot ever frees.
    vertx.setTimer(maxWaitMillis, id -> {
      if (waiting.taken().compareAndSet(false, true)) {
        queue.remove(waiting);
        queued.decrementAndGet();
        refuse(rc, "Server overloaded: waited too long for a free slot");
      }
    });
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
    // The slot is held until the response is done, however it ends (sent, failed, client gone), and released
    // exactly once. A routing context fires its end handlers only once: if the client left before this step (while
    // auth or a Redis rate limit was still answering), they have fired already, so the slot is freed right here.
    AtomicBoolean released = new AtomicBoolean();
    Runnable release = () -> {
      if (released.compareAndSet(false, true)) {
        release();
      }
    };
    rc.addEndHandler(v -> release.run());
    if (rc.response().closed() || rc.response().ended()) {
      release.run();
      return;
    }
    rc.next();
  }

  private void release() {
    inFlight.decrementAndGet();
    drain();
  }

  private void drain() {
    while (!queue.isEmpty() && tryEnter()) {
      Waiting w = queue.poll();
      if (w == null || !w.taken().compareAndSet(false, true)) {
        inFlight.decrementAndGet(); // emptied meanwhile, or its wait timer got it first
        if (w == null) {
          return;
        }
        continue;
      }
      queued.decrementAndGet();
      w.context().runOnContext(v -> run(w.rc()));
    }
  }

  /** Refuses new work and everything still queued (graceful shutdown). */
  public void close() {
    closed = true;
    Waiting w;
    while ((w = queue.poll()) != null) {
      if (!w.taken().compareAndSet(false, true)) {
        continue;
      }
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
