package io.mcpfleet.server;

import static io.mcpfleet.server.AuthFixtures.bearer;
import static io.mcpfleet.server.AuthFixtures.callTool;
import static io.mcpfleet.server.AuthFixtures.listTools;
import static io.mcpfleet.server.AuthFixtures.toolNames;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.SignedJWT;
import io.mcpfleet.server.config.ConfigLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code token} mints with the example's dev signing keys, and examples/secured.yaml, as it is, accepts it. */
class TokenCommandTest {

  static final Path SECURED = Path.of("../examples/secured.yaml");
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(ConfigLoader.fromManifest(SECURED));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String run(String... argv) {
    PrintStream saved = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      assertThat(Main.run(argv, Map.of())).isZero();
    } finally {
      System.setOut(saved);
    }
    return out.toString(StandardCharsets.UTF_8).trim();
  }

  @Test
  void mintedTokensWorkAgainstTheSecuredExample() throws Exception {
    String admin = run("token", "--manifest", SECURED.toString(), "--subject", "alice", "--roles", "admin,ops", "--ttl", "10m");
    assertThat(admin).doesNotContain("\n").matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
    SignedJWT jwt = SignedJWT.parse(admin);
    assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("ES256");
    assertThat(jwt.getHeader().getKeyID()).isEqualTo("dev-es256-1");
    assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("alice");
    assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly("secured");
    assertThat(jwt.getJWTClaimsSet().getStringListClaim("roles")).containsExactly("admin", "ops");
    long ttl = jwt.getJWTClaimsSet().getExpirationTime().getTime() - jwt.getJWTClaimsSet().getIssueTime().getTime();
    assertThat(ttl).isEqualTo(600_000);

    assertThat(toolNames(listTools(server, bearer(admin)))).containsExactly("echo", "fleet-report");
    assertThat(callTool(server, "fleet-report", bearer(admin)).statusCode()).isEqualTo(200);

    String user = run("token", "--manifest", SECURED.toString(), "--subject", "bob");
    assertThat(toolNames(listTools(server, bearer(user)))).containsExactly("echo");
    assertThat(callTool(server, "fleet-report", bearer(user)).statusCode()).isEqualTo(403);
    assertThat(listTools(server).statusCode()).isEqualTo(401);
  }

  @Test
  void tokenRefusesWhatItCannotDo() {
    assertThatThrownBy(() -> Main.run(new String[] {"token", "--manifest", SECURED.toString()}, Map.of()))
        .hasMessageContaining("--subject");
    assertThatThrownBy(() -> Main.run(new String[] {"token", "--manifest", "../examples/quickstart.yaml", "--subject", "a"},
        Map.of())).hasMessageContaining("spec.auth.mode: jwt");
    assertThatThrownBy(() -> Main.run(new String[] {"token", "--manifest", SECURED.toString(), "--subject", "a",
        "--signing-keys", "../examples/secured-keys/jwks.json"}, Map.of()))
        .as("the public verify set cannot sign").hasMessageContaining("no private ES256 key");
    assertThatThrownBy(() -> Main.run(new String[] {"token", "--manifest", SECURED.toString(), "--subject", "a",
        "--kid", "nope"}, Map.of())).hasMessageContaining("kid 'nope'");
  }
}
