package io.mcpfleet.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/** A small HTTP API on loopback for http tools to call; records what it receives. */
final class Backend implements AutoCloseable {

  record Seen(String method, String uri, Map<String, List<String>> headers, String body) {}

  final HttpServer server;
  final List<Seen> seen = new CopyOnWriteArrayList<>();
  /** Counted down when a /slow request's client goes away before the answer. */
  final CountDownLatch slowAbandoned = new CountDownLatch(1);

  Backend() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange ex) throws IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    seen.add(new Seen(ex.getRequestMethod(), ex.getRequestURI().toString(), Map.copyOf(ex.getRequestHeaders()), body));
    String path = ex.getRequestURI().getPath();
    switch (path) {
      case "/weather" -> reply(ex, 200, "application/json", "{\"city\":\"" + ex.getRequestURI().getQuery() + "\",\"tempC\":21}");
      case "/text" -> reply(ex, 200, "text/plain", "plain words");
      case "/echo" -> reply(ex, 200, "application/json", body);
      case "/fail" -> reply(ex, 503, "text/plain", "upstream down");
      case "/delay" -> {
        try {
          Thread.sleep(Long.parseLong(ex.getRequestURI().getQuery().replace("ms=", "")));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        reply(ex, 200, "text/plain", "late");
      }
      case "/slow" -> {
        // Trickle a byte every 100 ms and never finish; once the caller resets the connection a write fails.
        try {
          ex.getResponseHeaders().set("Content-Type", "text/plain");
          ex.sendResponseHeaders(200, 0);
          for (int i = 0; i < 100; i++) {
            Thread.sleep(100);
            ex.getResponseBody().write(' ');
            ex.getResponseBody().flush();
          }
          ex.close();
        } catch (IOException | InterruptedException gone) {
          slowAbandoned.countDown();
        }
      }
      default -> reply(ex, 404, "text/plain", "no route");
    }
  }

  private static void reply(HttpExchange ex, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
