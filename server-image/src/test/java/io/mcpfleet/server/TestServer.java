package io.mcpfleet.server;

import io.mcpfleet.server.config.ConfigLoader;
import io.mcpfleet.server.config.ServerConfig;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A real server on a free loopback port, started from manifest YAML, and a plain JDK HTTP client for it. */
final class TestServer implements AutoCloseable {

  static final String MODERN_META =
      "{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{}}";

  final ServerRuntime runtime;
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  final URI mcp;

  private TestServer(ServerRuntime runtime) {
    this.runtime = runtime;
    this.mcp = URI.create(runtime.url());
  }

  static TestServer start(String specYaml) {
    return start(specYaml, Path.of("/nonexistent-secrets"));
  }

  static TestServer start(String specYaml, Path secretsRoot) {
    try {
      Path file = Files.createTempFile("mcpserver", ".yaml");
      Files.writeString(file, "apiVersion: mcpfleet.io/v1alpha1\nkind: McpServer\nmetadata:\n  name: test\nspec:\n"
          + specYaml.indent(2));
      ServerConfig config = ConfigLoader.fromManifest(file);
      Files.delete(file);
      ServerRuntime runtime = ServerRuntime.start(config, new ServerRuntime.Options("127.0.0.1", freePort(), freePort(), secretsRoot))
          .await(20, TimeUnit.SECONDS);
      return new TestServer(runtime);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A server for an already loaded configuration (e.g. an example manifest as it is). */
  static TestServer start(ServerConfig config) {
    try {
      return new TestServer(ServerRuntime.start(config,
          new ServerRuntime.Options("127.0.0.1", freePort(), freePort(), Path.of("/nonexistent-secrets"))).await(20, TimeUnit.SECONDS));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  HttpResponse<String> send(HttpRequest.Builder builder) {
    try {
      return http.send(builder.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpRequest.Builder post(String body, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(mcp).POST(HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream");
    for (int i = 0; i < headers.length; i += 2) {
      b.setHeader(headers[i], headers[i + 1]);
    }
    return b;
  }

  /** Handshake: initialize and return the session id. */
  String initialize(String version) {
    HttpResponse<String> r = send(post("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\""
        + version + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}"));
    if (r.statusCode() != 200) {
      throw new AssertionError("initialize failed: " + r.statusCode() + " " + r.body());
    }
    return r.headers().firstValue("Mcp-Session-Id").orElseThrow();
  }

  /** A handshake-era request within a session. */
  HttpResponse<String> call(String session, String method, String params) {
    return send(post("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"" + method + "\",\"params\":" + params + "}",
        "Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-06-18"));
  }

  /** A 2026-07-28 request with all the headers it should carry; name may be null. */
  HttpResponse<String> modern(String method, String name, String paramsWithoutMeta) {
    String params = paramsWithoutMeta.equals("{}") ? "{\"_meta\":" + MODERN_META + "}"
        : paramsWithoutMeta.substring(0, paramsWithoutMeta.length() - 1) + ",\"_meta\":" + MODERN_META + "}";
    HttpRequest.Builder b = post("{\"jsonrpc\":\"2.0\",\"id\":\"m1\",\"method\":\"" + method + "\",\"params\":" + params + "}",
        "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", method);
    if (name != null) {
      b.header("Mcp-Name", name);
    }
    return send(b);
  }

  static JsonObject json(HttpResponse<String> r) {
    return new JsonObject(r.body());
  }

  @Override
  public void close() {
    try {
      runtime.stop().await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("server did not stop cleanly", e);
    }
  }
}
