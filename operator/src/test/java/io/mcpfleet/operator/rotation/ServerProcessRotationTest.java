package io.mcpfleet.operator.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.mcpfleet.operator.api.v1alpha1.spec.Rotation;
import io.mcpfleet.operator.dependent.JsonWebKeys;
import io.mcpfleet.operator.testing.Repo;

/**
 * A real server (server-image/target/mcp-fleet-server.jar, as a subprocess) through a rotation the operator drives:
 * at each phase the verify set the operator would publish replaces the file the server watches (as kubelet swaps a
 * mounted Secret), and tokens signed with the old and the new key are accepted exactly when they should be. Skips
 * when the server jar is not built.
 */
class ServerProcessRotationTest {

    static final Path JAR = Repo.root().resolve("server-image/target/mcp-fleet-server.jar");
    static final Rotation GEN1 = new Rotation(1L, "1h", "2m");
    static final Rotation GEN2 = new Rotation(2L, "1h", "2m");
    static final String META = "{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
            + "\"io.modelcontextprotocol/clientCapabilities\":{}}";

    @TempDir
    Path dir;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void aRunningServerFollowsTheOperatorsRotationWithoutARestart() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(JAR), "server jar not built (" + JAR + "): skipping");
        Instant t0 = Instant.parse("2026-11-21T10:00:00Z");
        KeyRing v1 = KeyRotation.step(null, GEN1, t0, () -> JsonWebKeys.generate("ES256"));
        Path jwks = dir.resolve("jwks.json");
        publish(jwks, v1);
        Path manifest = dir.resolve("m.yaml");
        Files.writeString(manifest, """
                apiVersion: mcpfleet.io/v1alpha1
                kind: McpServer
                metadata: {name: rotation}
                spec:
                  auth: {mode: jwt, jwt: {algorithm: ES256, keysFile: '%s'}}
                  tools: [{name: ping, static: {text: pong}}]
                """.formatted(jwks));
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString(), "serve", "--manifest", manifest.toString(), "--host", "127.0.0.1",
                "--port", Integer.toString(port), "--metrics-port", "off")
                .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
        try {
            URI base = URI.create("http://127.0.0.1:" + port);
            await(() -> get(base.resolve("/health")) == 200, "server up: " + log());

            String oldToken = KeyRotationTest.sign(v1.signingSet(), "ES256");
            assertThat(list(base, oldToken)).isEqualTo(200);

            Instant bump = t0.plusSeconds(600);
            KeyRing publishing = KeyRotation.step(v1, GEN2, bump, () -> JsonWebKeys.generate("ES256"));
            String newToken = KeyRotationTest.sign(KeyRing.set(List.of(publishing.pending())), "ES256");
            assertThat(list(base, newToken)).as("the new key is not published yet").isEqualTo(401);
            publish(jwks, publishing);
            await(() -> list(base, newToken) == 200, "new key accepted once published");
            assertThat(list(base, oldToken)).isEqualTo(200);

            KeyRing active = KeyRotation.step(publishing, GEN2, bump.plus(Duration.ofMinutes(2)), () -> null);
            publish(jwks, active);
            Thread.sleep(1500);
            assertThat(list(base, oldToken)).as("old key during the grace").isEqualTo(200);
            assertThat(list(base, KeyRotationTest.sign(active.signingSet(), "ES256"))).isEqualTo(200);

            KeyRing after = KeyRotation.step(active, GEN2, bump.plus(Duration.ofMinutes(62)), () -> null);
            publish(jwks, after);
            await(() -> list(base, oldToken) == 401, "old key refused after the grace");
            assertThat(list(base, newToken)).isEqualTo(200);
            assertThat(server.isAlive()).as("never restarted").isTrue();
        } finally {
            server.destroy();
            server.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            server.destroyForcibly();
        }
    }

    /** Like kubelet: the new content appears at once (a rename), never half written. */
    static void publish(Path file, KeyRing ring) throws Exception {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, ring.verifySet());
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    int list(URI base, String token) {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"_meta\":" + META + "}}";
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/mcp")).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", "2026-07-28").header("Mcp-Method", "tools/list")
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(5)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    int get(URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    String log() {
        try {
            return Files.readString(dir.resolve("server.log"));
        } catch (Exception e) {
            return "";
        }
    }

    static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(100);
        }
    }
}
