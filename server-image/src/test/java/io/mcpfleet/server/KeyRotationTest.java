package io.mcpfleet.server;

import static io.mcpfleet.server.AuthFixtures.bearer;
import static io.mcpfleet.server.AuthFixtures.claims;
import static io.mcpfleet.server.AuthFixtures.listTools;
import static io.mcpfleet.server.AuthFixtures.sign;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.ECKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The rotation the operator performs, seen from one pod: the verification key set file is rewritten under a
 * running server while requests keep coming, and no request fails because of it.
 */
class KeyRotationTest {

  @Test
  void keysSwapUnderLoadWithoutAFailedRequest() throws Exception {
    Path dir = Files.createTempDirectory("rotation");
    Path jwks = dir.resolve("jwks.json");
    ECKey oldKey = AuthFixtures.ec("gen-1");
    ECKey newKey = AuthFixtures.ec("gen-2");
    AuthFixtures.writeJwks(jwks, oldKey);
    try (TestServer server = TestServer.start("""
        auth:
          mode: jwt
          jwt: {algorithm: ES256, issuer: %s, audience: %s, keysFile: %s}
        tools: [{name: echo, static: {text: hi}}]
        """.formatted(AuthFixtures.ISSUER, AuthFixtures.AUDIENCE, AuthFixtures.yamlPath(jwks)))) {
      assertThat(readyKeyIds(server)).containsExactly("gen-1");
      String oldToken = sign(oldKey, claims("alice").build());
      String newToken = sign(newKey, claims("alice").build());
      assertThat(status(server, newToken)).as("the new key is not published yet").isEqualTo(401);

      // Phase 1 (publish): the new key joins the set. Old-key tokens keep working throughout.
      Load publish = new Load(server, oldToken);
      try (publish) {
        AuthFixtures.writeJwks(jwks, oldKey, newKey);
        awaitTrue(() -> status(server, newToken) == 200, "new-key token accepted after reload");
        assertThat(readyKeyIds(server)).as("/ready shows both keys while publishing").containsExactly("gen-1", "gen-2");
        // A broken write (a half-copied file) keeps the previous set: still no failure.
        Files.writeString(jwks, "{\"keys\": [ {\"kty\": ");
        Thread.sleep(1_500);
        assertThat(status(server, newToken)).isEqualTo(200);
        AuthFixtures.writeJwks(jwks, oldKey, newKey);
      }
      assertThat(publish.failures).as("requests that failed during the publish phase").isEmpty();
      assertThat(publish.ok.get()).isGreaterThan(10);

      // Phase 2 (retire): the old key leaves the set. New-key tokens keep working; old ones stop.
      Load retire = new Load(server, newToken);
      try (retire) {
        AuthFixtures.writeJwks(jwks, newKey);
        awaitTrue(() -> status(server, oldToken) == 401, "old-key token refused after its key is removed");
        Thread.sleep(200);
      }
      assertThat(retire.failures).as("requests that failed during the retire phase").isEmpty();
      assertThat(retire.ok.get()).isGreaterThan(10);
    }
  }

  private static java.util.List<Object> readyKeyIds(TestServer s) {
    var r = s.send(java.net.http.HttpRequest.newBuilder(s.mcp.resolve("/ready")).GET());
    return new io.vertx.core.json.JsonObject(r.body()).getJsonArray("jwtKeyIds").getList();
  }

  private static int status(TestServer s, String token) {
    return listTools(s, bearer(token)).statusCode();
  }

  private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 5_000;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("timed out waiting: " + what);
      }
      Thread.sleep(50);
    }
  }

  /** A client hammering the server with one token on a background thread, recording every non-200. */
  private static final class Load implements AutoCloseable {
    final List<Integer> failures = new CopyOnWriteArrayList<>();
    final AtomicInteger ok = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    Load(TestServer server, String token) {
      thread = new Thread(() -> {
        while (running.get()) {
          int status = status(server, token);
          if (status == 200) {
            ok.incrementAndGet();
          } else {
            failures.add(status);
          }
        }
      }, "rotation-load");
      thread.start();
    }

    @Override
    public void close() throws InterruptedException {
      running.set(false);
      thread.join(5_000);
    }
  }
}
