package io.mcpfleet.server.transport;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/**
 * A Server-Sent Events response. Headers go out with the first event, so a request that ends up sending
 * no notification can still be answered as plain JSON.
 */
final class SseStream {

  private final HttpServerResponse response;
  private boolean started;

  SseStream(HttpServerResponse response) {
    this.response = response;
  }

  static void prepare(HttpServerResponse response) {
    response.setChunked(true)
        .putHeader("Content-Type", "text/event-stream")
        .putHeader("Cache-Control", "no-cache, no-store")
        // Reverse proxies (nginx) must pass events through as they come, not buffer the stream.
        .putHeader("X-Accel-Buffering", "no");
  }

  boolean started() {
    return started;
  }

  void send(JsonObject message) {
    if (response.closed() || response.ended()) {
      return;
    }
    if (!started) {
      prepare(response);
      started = true;
    }
    response.write("event: message\ndata: " + message.encode() + "\n\n");
  }

  void end(JsonObject last) {
    send(last);
    if (!response.ended() && !response.closed()) {
      response.end();
    }
  }
}
