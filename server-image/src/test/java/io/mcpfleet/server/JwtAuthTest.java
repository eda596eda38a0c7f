package io.mcpfleet.server;

import static io.mcpfleet.server.AuthFixtures.AUDIENCE;
import static io.mcpfleet.server.AuthFixtures.ISSUER;
import static io.mcpfleet.server.AuthFixtures.bearer;
import static io.mcpfleet.server.AuthFixtures.callTool;
import static io.mcpfleet.server.AuthFixtures.claims;
import static io.mcpfleet.server.AuthFixtures.listTools;
import static io.mcpfleet.server.AuthFixtures.sign;
import static io.mcpfleet.server.AuthFixtures.toolNames;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.mcpfleet.server.security.auth.JwtAuthenticator;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Auth mode jwt (RS256) over real HTTP: every way a token can be wrong is refused, and roles pick tools. */
class JwtAuthTest {

  static RSAKey key;
  static RSAKey stranger;
  static TestServer server;
  static Path dir;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("jwt-auth");
    key = AuthFixtures.rsa("k1");
    stranger = AuthFixtures.rsa("k2");
    AuthFixtures.writeJwks(dir.resolve("jwks.json"), key);
    server = TestServer.start("""
        auth:
          mode: jwt
          jwt:
            algorithm: RS256
            issuer: %s
            audience: %s
            keysFile: %s
        """.formatted(ISSUER, AUDIENCE, AuthFixtures.yamlPath(dir.resolve("jwks.json"))) + AuthFixtures.TOOLS);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String token(JWTClaimsSet.Builder claims) {
    return sign(key, claims.build());
  }

  /** A refusal: 401, a Bearer challenge naming invalid_token, -32005, and not a trace of the token. */
  private static void assertRefused(String token, String description) {
    HttpResponse<String> r = listTools(server, bearer(token));
    assertThat(r.statusCode()).as(description).isEqualTo(401);
    String challenge = r.headers().firstValue("WWW-Authenticate").orElse("");
    assertThat(challenge).startsWith("Bearer ").contains("error=\"invalid_token\"");
    assertThat(TestServer.json(r).getJsonObject("error").getInteger("code")).isEqualTo(-32005);
    assertThat(r.body()).doesNotContain(token);
    assertThat(challenge).doesNotContain(token);
    for (String part : token.split("\\.")) {
      if (part.length() >= 8) { // no fragment of the token is echoed back either
        assertThat(r.body()).doesNotContain(part);
        assertThat(challenge).doesNotContain(part);
      }
    }
  }

  @Test
  void noTokenGetsAChallengeWithoutAnErrorCode() {
    HttpResponse<String> r = listTools(server);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(h ->
        assertThat(h).startsWith("Bearer").doesNotContain("error="));
    assertThat(TestServer.json(r).getJsonObject("error").getInteger("code")).isEqualTo(-32005);
    assertThat(listTools(server, "Authorization", "Basic dXNlcjpwYXNz").statusCode()).isEqualTo(401);
  }

  @Test
  void aValidTokenIsAccepted() {
    HttpResponse<String> r = callTool(server, "echo", bearer(token(claims("alice"))));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("said hi");
  }

  @Test
  void tamperedSignatureIsRefused() {
    String t = token(claims("alice"));
    int i = t.lastIndexOf('.') + 5;
    String tampered = t.substring(0, i) + (t.charAt(i) == 'A' ? 'B' : 'A') + t.substring(i + 1);
    assertRefused(tampered, "tampered signature");
    // A tampered payload with the original signature fails the same way.
    String[] parts = t.split("\\.");
    String otherPayload = sign(key, claims("mallory").build()).split("\\.")[1];
    assertRefused(parts[0] + "." + otherPayload + "." + parts[2], "swapped payload");
  }

  @Test
  void algNoneIsRefused() {
    String unsigned = new PlainJWT(claims("alice").build()).serialize();
    assertRefused(unsigned, "alg none");
    // Also with a header that claims none but carries our kid and a junk signature.
    String header = java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString("{\"alg\":\"none\",\"kid\":\"k1\"}".getBytes());
    assertRefused(header + "." + unsigned.split("\\.")[1] + ".c2ln", "alg none with kid");
  }

  @Test
  void hmacSignedWithThePublicKeyIsRefused() throws JOSEException {
    // The classic HS/RS confusion: an attacker signs HS256 with the server's public key bytes as the secret.
    SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(), claims("mallory").build());
    forged.sign(new MACSigner(key.toPublicKey().getEncoded()));
    assertRefused(forged.serialize(), "HS256 with the RSA public key");
  }

  @Test
  void anotherAlgorithmThanThePinnedOneIsRefused() {
    assertRefused(sign(AuthFixtures.ec("k1"), claims("alice").build()), "ES256 against an RS256 server");
  }

  @Test
  void expiredAndNotYetValidAreRefusedButSkewIsTolerated() {
    long now = System.currentTimeMillis();
    assertRefused(token(claims("alice").expirationTime(new Date(now - 120_000))), "expired");
    assertRefused(token(claims("alice").notBeforeTime(new Date(now + 120_000))), "not yet valid");
    assertRefused(token(claims("alice").expirationTime(null)), "no exp");
    assertThat(listTools(server, bearer(token(claims("alice").expirationTime(new Date(now - 5_000))))).statusCode())
        .as("5 s past exp is within the 30 s skew").isEqualTo(200);
    assertThat(listTools(server, bearer(token(claims("alice").notBeforeTime(new Date(now + 5_000))))).statusCode())
        .as("nbf 5 s ahead is within the skew").isEqualTo(200);
  }

  @Test
  void wrongAudienceOrIssuerIsRefused() {
    assertRefused(token(claims("alice").audience("another-server")), "wrong audience");
    assertRefused(token(claims("alice").audience((String) null)), "no audience");
    assertRefused(token(claims("alice").issuer("https://evil.test")), "wrong issuer");
    assertThat(listTools(server, bearer(token(claims("alice").audience(List.of("other", AUDIENCE))))).statusCode())
        .as("one of several audiences is enough").isEqualTo(200);
  }

  @Test
  void unknownKidIsRefused() {
    assertRefused(sign(stranger, claims("alice").build()), "kid k2 is not in the set");
    assertRefused(sign(stranger, claims("alice").build(), h -> h.keyID("k1")), "a stranger's key claiming kid k1");
    assertThat(listTools(server, bearer(sign(key, claims("alice").build(), h -> h.keyID(null)))).statusCode())
        .as("no kid, one key in the set: unambiguous").isEqualTo(200);
  }

  @Test
  void garbageIsRefused() {
    assertRefused("not-a-jwt", "garbage");
    assertRefused("a.b.c", "three junk parts");
  }

  @Test
  void rolesClaimAndScopesChooseTheTools() {
    String user = token(claims("bob"));
    assertThat(toolNames(listTools(server, bearer(user)))).containsExactly("echo");
    HttpResponse<String> refused = callTool(server, "admin-report", bearer(user));
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(TestServer.json(refused).getJsonObject("error").getInteger("code")).isEqualTo(-32006);

    String admin = token(claims("carol").claim("roles", List.of("admin")));
    assertThat(toolNames(listTools(server, bearer(admin)))).containsExactly("echo", "admin-report");
    assertThat(callTool(server, "admin-report", bearer(admin)).body()).contains("for admins");

    String scoped = token(claims("dave").claim("scope", "read admin"));
    assertThat(toolNames(listTools(server, bearer(scoped)))).contains("admin-report");
    String scp = token(claims("erin").claim("scp", List.of("admin")));
    assertThat(callTool(server, "admin-report", bearer(scp)).statusCode()).isEqualTo(200);
  }

  @Test
  void aVerifiedTokenIsCachedSoItsSignatureIsCheckedOnce() {
    JwtAuthenticator auth = (JwtAuthenticator) server.runtime.authenticator();
    String t = token(claims("frank"));
    long before = auth.signatureChecks();
    for (int i = 0; i < 5; i++) {
      assertThat(listTools(server, bearer(t)).statusCode()).isEqualTo(200);
    }
    assertThat(auth.signatureChecks() - before).isEqualTo(1);
    // A bad token is never cached: each attempt costs a check.
    String good = sign(key, claims("frank").build());
    String bad = good.substring(0, good.length() - 8) + (good.endsWith("AAAAAAAA") ? "BBBBBBBB" : "AAAAAAAA");
    long mid = auth.signatureChecks();
    assertThat(listTools(server, bearer(bad)).statusCode()).isEqualTo(401);
    assertThat(listTools(server, bearer(bad)).statusCode()).isEqualTo(401);
    assertThat(auth.signatureChecks() - mid).isEqualTo(2);
  }

  @Test
  void sessionsOfTheHandshakeEraNeedTheTokenToo() {
    String t = token(claims("gina"));
    HttpResponse<String> init = server.send(server.post("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":"
        + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}",
        bearer(t)));
    assertThat(init.statusCode()).isEqualTo(200);
    String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
    HttpResponse<String> without = server.send(server.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}",
        "Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-06-18"));
    assertThat(without.statusCode()).isEqualTo(401);
    HttpResponse<String> with = server.send(server.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}",
        "Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-06-18", "Authorization", "Bearer " + t));
    assertThat(new JsonObject(with.body()).getJsonObject("result").getJsonArray("tools")).hasSize(1);
  }
}
