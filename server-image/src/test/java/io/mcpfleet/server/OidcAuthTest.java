package io.mcpfleet.server;

import static io.mcpfleet.server.AuthFixtures.bearer;
import static io.mcpfleet.server.AuthFixtures.callTool;
import static io.mcpfleet.server.AuthFixtures.listTools;
import static io.mcpfleet.server.AuthFixtures.sign;
import static io.mcpfleet.server.AuthFixtures.toolNames;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpServer;
import io.mcpfleet.server.security.auth.OidcAuthenticator;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Auth mode oidc against a fake authorization server on loopback (discovery document + JWKS): RFC 9728 metadata,
 * the 401 challenge that points to it, audience and scope checks, and a key rotation at the authorization server.
 */
class OidcAuthTest {

  static final String RESOURCE = "https://mcp.test/mcp";
  static HttpServer as;
  static String issuer;
  static final List<JWK> published = new CopyOnWriteArrayList<>();
  static final AtomicInteger jwksHits = new AtomicInteger();
  static RSAKey asKey;
  static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    asKey = AuthFixtures.rsa("as-1");
    published.add(asKey.toPublicJWK());
    as = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    issuer = "http://127.0.0.1:" + as.getAddress().getPort() + "/realms/test";
    as.createContext("/realms/test/.well-known/openid-configuration", ex -> {
      byte[] body = new JsonObject().put("issuer", issuer).put("jwks_uri", issuer + "/certs").encode()
          .getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    as.createContext("/realms/test/certs", ex -> {
      jwksHits.incrementAndGet();
      byte[] body = new JWKSet(List.copyOf(published)).toString().getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    as.start();
    server = TestServer.start("""
        auth:
          mode: oidc
          oidc:
            issuerUrl: %s
            resource: %s
            requiredScopes: [mcp:tools]
        """.formatted(issuer, RESOURCE) + AuthFixtures.TOOLS);
  }

  @AfterAll
  static void stop() {
    server.close();
    as.stop(0);
  }

  static JWTClaimsSet.Builder accessToken(String subject) {
    long now = System.currentTimeMillis();
    return new JWTClaimsSet.Builder().subject(subject).issuer(issuer).audience(RESOURCE).claim("scope", "mcp:tools")
        .issueTime(new Date(now)).expirationTime(new Date(now + 300_000));
  }

  private static HttpResponse<String> get(String path) {
    return server.send(HttpRequest.newBuilder(server.mcp.resolve(path)).GET());
  }

  @Test
  void protectedResourceMetadataIsPublishedAtBothWellKnownPaths() {
    for (String path : List.of("/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/mcp")) {
      HttpResponse<String> r = get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(200);
      JsonObject doc = new JsonObject(r.body());
      assertThat(doc.getString("resource")).isEqualTo(RESOURCE);
      assertThat(doc.getJsonArray("authorization_servers")).containsExactly(issuer);
      assertThat(doc.getJsonArray("scopes_supported")).containsExactly("mcp:tools");
      assertThat(doc.getJsonArray("bearer_methods_supported")).containsExactly("header");
    }
  }

  @Test
  void noTokenGets401PointingAtTheMetadata() {
    HttpResponse<String> r = listTools(server);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue(
        "Bearer resource_metadata=\"https://mcp.test/.well-known/oauth-protected-resource/mcp\", scope=\"mcp:tools\"");
    assertThat(TestServer.json(r).getJsonObject("error").getInteger("code")).isEqualTo(-32005);
  }

  @Test
  void anAccessTokenForThisServerIsAccepted() {
    String token = sign(asKey, accessToken("alice").build());
    HttpResponse<String> r = callTool(server, "echo", bearer(token));
    assertThat(r.statusCode()).isEqualTo(200);
    String admin = sign(asKey, accessToken("root").claim("scope", "mcp:tools admin").build());
    assertThat(toolNames(listTools(server, bearer(admin)))).containsExactly("echo", "admin-report");
    assertThat(toolNames(listTools(server, bearer(token)))).containsExactly("echo");
  }

  @Test
  void aTokenWithoutTheRequiredScopeGets403InsufficientScope() {
    String token = sign(asKey, accessToken("alice").claim("scope", "profile").build());
    HttpResponse<String> r = listTools(server, bearer(token));
    assertThat(r.statusCode()).isEqualTo(403);
    String challenge = r.headers().firstValue("WWW-Authenticate").orElse("");
    assertThat(challenge).startsWith("Bearer resource_metadata=\"https://mcp.test/.well-known/oauth-protected-resource/mcp\"")
        .contains("error=\"insufficient_scope\"").contains("scope=\"mcp:tools\"");
    assertThat(TestServer.json(r).getJsonObject("error").getInteger("code")).isEqualTo(-32006);
  }

  @Test
  void tokensForAnotherAudienceOrFromAnotherIssuerAreRefused() {
    for (JWTClaimsSet claims : List.of(
        accessToken("alice").audience("https://other.test/mcp").build(),
        accessToken("alice").issuer("https://evil.test").build(),
        accessToken("alice").expirationTime(new Date(System.currentTimeMillis() - 120_000)).build())) {
      HttpResponse<String> r = listTools(server, bearer(sign(asKey, claims)));
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).contains("resource_metadata=").contains("invalid_token");
    }
    // A symmetric token is never accepted from an external authorization server.
    assertThat(listTools(server, bearer(sign(AuthFixtures.hmac("as-1"), accessToken("alice").build()))).statusCode())
        .isEqualTo(401);
  }

  @Test
  void aKeyRotatedAtTheAuthorizationServerIsFetchedOnceOnItsFirstUse() {
    RSAKey next = AuthFixtures.rsa("as-2");
    published.add(next.toPublicJWK());
    int before = jwksHits.get();
    String token = sign(next, accessToken("alice").build());
    assertThat(listTools(server, bearer(token)).statusCode()).isEqualTo(200);
    assertThat(jwksHits.get() - before).as("one refetch for the unknown kid").isEqualTo(1);
    assertThat(listTools(server, bearer(token)).statusCode()).isEqualTo(200);
    // Junk kids do not turn into a stream of fetches: the refetch is rate-limited.
    for (int i = 0; i < 3; i++) {
      assertThat(listTools(server, bearer(sign(AuthFixtures.rsa("junk-" + i), accessToken("x").build()))).statusCode())
          .isEqualTo(401);
    }
    assertThat(jwksHits.get() - before).isEqualTo(1);
    assertThat(((OidcAuthenticator) server.runtime.authenticator()).fetches()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void anUnreachableAuthorizationServerGives503NotA401() {
    try (TestServer down = TestServer.start("""
        auth:
          mode: oidc
          oidc: {issuerUrl: 'http://127.0.0.1:1/realms/x', audience: mcp-test}
        tools: []
        """)) {
      HttpResponse<String> r = listTools(down, bearer(sign(asKey, accessToken("a").build())));
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.headers().firstValue("Retry-After")).isPresent();
      assertThat(r.headers().firstValue("WWW-Authenticate")).isEmpty();
      // The challenge without a configured resource is derived from how the client reached the server.
      HttpResponse<String> challenge = listTools(down);
      assertThat(challenge.headers().firstValue("WWW-Authenticate").orElse("")).isEqualTo(
          "Bearer resource_metadata=\"http://127.0.0.1:" + down.mcp.getPort() + "/.well-known/oauth-protected-resource/mcp\"");
      HttpResponse<String> meta = down.send(HttpRequest.newBuilder(URI.create(
          "http://127.0.0.1:" + down.mcp.getPort() + "/.well-known/oauth-protected-resource/mcp")).GET());
      assertThat(new JsonObject(meta.body()).getString("resource")).isEqualTo("http://127.0.0.1:" + down.mcp.getPort() + "/mcp");
    }
  }
}
