package io.mcpfleet.server;

import static io.mcpfleet.server.AuthFixtures.bearer;
import static io.mcpfleet.server.AuthFixtures.claims;
import static io.mcpfleet.server.AuthFixtures.listTools;
import static io.mcpfleet.server.AuthFixtures.sign;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.OctetSequenceKey;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** HS256: the verify set holds the shared secret; any other secret, and any asymmetric token, is refused. */
class JwtHs256Test {

  @Test
  void sharedSecretTokensAreVerifiedAndOthersRefused() throws Exception {
    Path jwks = Files.createTempDirectory("hs256").resolve("jwks.json");
    OctetSequenceKey secret = AuthFixtures.hmac("hs-1");
    AuthFixtures.writeJwks(jwks, secret);
    try (TestServer server = TestServer.start("auth: {mode: jwt, jwt: {algorithm: HS256, keysFile: " + AuthFixtures.yamlPath(jwks)
        + "}}\n" + AuthFixtures.TOOLS)) {
      assertThat(listTools(server, bearer(sign(secret, claims("alice").build()))).statusCode()).isEqualTo(200);
      assertThat(listTools(server, bearer(sign(AuthFixtures.hmac("hs-1"), claims("alice").build()))).statusCode())
          .as("same kid, another secret").isEqualTo(401);
      assertThat(listTools(server, bearer(sign(AuthFixtures.rsa("hs-1"), claims("alice").build()))).statusCode())
          .as("RS256 against an HS256 server").isEqualTo(401);
      assertThat(listTools(server, bearer(sign(secret, claims("alice").build()))).body())
          .as("no issuer/audience configured: not checked").contains("\"tools\"");
    }
  }
}
