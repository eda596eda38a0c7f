package io.mcpfleet.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM during load: readiness drops, in-flight requests finish, nothing accepted fails, exit code 0. */
class GracefulShutdownTest {

  @TempDir Path dir;

  @Test
  void sigtermDuringLoadFailsNoAcceptedRequestAndExitsZero() throws Exception {
    try (Backend backend = new Backend()) {
      Path manifest = dir.resolve("m.yaml");
      Files.writeString(manifest, """
          apiVersion: mcpfleet.io/v1alpha1
          kind: McpServer
          metadata: {name: drain}
          spec:
            resilience: {drainTimeout: 10s}
            tools: [{name: slow, http: {url: "%s/delay?ms=400"}}]
          """.formatted(backend.url()));
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process server = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "io.mcpfleet.server.Main",
          "--manifest", manifest.toString(), "--host", "127.0.0.1", "--port", "0", "--metrics-port", "off")
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
      BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream()));
      URI mcp = null;
      for (String line; mcp == null && (line = out.readLine()) != null; ) {
        Matcher m = Pattern.compile("listening on (\\S+)").matcher(line);
        if (m.find()) {
          mcp = URI.create(m.group(1));
        }
      }
      assertThat(mcp).as("server started").isNotNull();
      Thread drainOut = new Thread(() -> out.lines().forEach(l -> { }));
      drainOut.setDaemon(true);
      drainOut.start();

      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
      URI target = mcp;
      String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"slow\",\"_meta\":"
          + TestServer.MODERN_META + "}}";
      Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
      List<String> failures = new CopyOnWriteArrayList<>();
      AtomicBoolean running = new AtomicBoolean(true);
      long[] killedAt = {Long.MAX_VALUE};
      ExecutorService pool = Executors.newFixedThreadPool(12);
      for (int i = 0; i < 12; i++) {
        pool.submit(() -> {
          while (running.get()) {
            HttpRequest req = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .header("MCP-Protocol-Version", "2026-07-28").header("Mcp-Method", "tools/call").header("Mcp-Name", "slow")
                // one request per connection: a refused connection is then clearly "not accepted"
                .header("Connection", "close")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            try {
              HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
              if (r.statusCode() == 200 && r.body().contains("\"late\"")) {
                outcomes.computeIfAbsent("ok", k -> new AtomicInteger()).incrementAndGet();
              } else if (r.statusCode() == 503) {
                outcomes.computeIfAbsent("refused-503", k -> new AtomicInteger()).incrementAndGet();
              } else {
                failures.add(r.statusCode() + " " + r.body());
              }
            } catch (ConnectException e) {
              outcomes.computeIfAbsent("refused-connect", k -> new AtomicInteger()).incrementAndGet();
              running.set(false);
            } catch (IOException e) {
              failures.add(e + " at +" + (System.nanoTime() - killedAt[0]) / 1_000_000 + "ms");
            } catch (InterruptedException e) {
              return;
            }
          }
        });
      }
      Thread.sleep(1500);
      killedAt[0] = System.nanoTime();
      server.destroy(); // SIGTERM
      assertThat(server.waitFor(20, TimeUnit.SECONDS)).as("server exits within the drain").isTrue();
      running.set(false);
      pool.shutdown();
      assertThat(pool.awaitTermination(20, TimeUnit.SECONDS)).isTrue();

      assertThat(server.exitValue()).isZero();
      // Every request the server admitted reached the backend; each of those must have been answered. A
      // connection the kernel queued but the server never accepted can still be reset when the port closes
      // (that is TCP, and why a pod leaves the Service endpoints before it stops); it carries no request the
      // server saw, so it is not counted as an accepted request.
      long admitted = backend.seen.stream().filter(x -> x.uri().startsWith("/delay")).count();
      assertThat(outcomes.get("ok").get()).as("admitted requests answered (failures seen: %s)", failures).isEqualTo(admitted);
      assertThat(failures).as("only never-accepted connections may fail")
          .allSatisfy(f -> assertThat(f).contains("received no bytes"));
      assertThat(outcomes.get("ok").get()).as("requests completed").isGreaterThan(12);
    }
  }
}
