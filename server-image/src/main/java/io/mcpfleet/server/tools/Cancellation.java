package io.mcpfleet.server.tools;

import java.util.ArrayList;
import java.util.List;

/**
 * A one-shot cancellation signal for one request: a client's notifications/cancelled, a closed response
 * stream, or a timeout fires it; handlers register what to abort (an HTTP call in flight, say).
 */
public final class Cancellation {

  private final List<Runnable> listeners = new ArrayList<>(1);
  private String reason;

  public synchronized boolean isCancelled() {
    return reason != null;
  }

  public synchronized String reason() {
    return reason;
  }

  public void cancel(String why) {
    List<Runnable> toRun;
    synchronized (this) {
      if (reason != null) {
        return;
      }
      reason = why;
      toRun = List.copyOf(listeners);
      listeners.clear();
    }
    toRun.forEach(Runnable::run);
  }

  public void onCancel(Runnable listener) {
    boolean runNow;
    synchronized (this) {
      runNow = reason != null;
      if (!runNow) {
        listeners.add(listener);
      }
    }
    if (runNow) {
      listener.run();
    }
  }
}
