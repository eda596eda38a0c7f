package io.mcpfleet.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpfleet.server.config.AuthConfig;
import io.mcpfleet.server.config.ConfigException;
import io.mcpfleet.server.config.ConfigLoader;
import io.mcpfleet.server.config.ServerConfig;
import io.mcpfleet.server.security.Authenticators;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** spec.auth is parsed with errors that name the key; file paths resolve beside the manifest. */
class AuthConfigTest {

  @TempDir Path dir;

  private ServerConfig load(String spec) throws IOException {
    Path f = dir.resolve("m.yaml");
    Files.writeString(f, "apiVersion: mcpfleet.io/v1alpha1\nkind: McpServer\nmetadata: {name: x}\nspec:\n" + spec.indent(2));
    return ConfigLoader.fromManifest(f);
  }

  @Test
  void defaultsFollowThePodContract() throws IOException {
    AuthConfig a = load("auth: {mode: jwt}").auth();
    assertThat(a.mode()).isEqualTo("jwt");
    assertThat(a.jwt().algorithm()).isEqualTo("RS256");
    assertThat(a.jwt().keysFile()).isEqualTo(Path.of("/etc/mcp-fleet/jwt/jwks.json"));
    assertThat(a.jwt().signingKeysFile()).isNull();
    assertThat(a.jwt().rolesClaim()).isEqualTo("roles");
    assertThat(a.jwt().clockSkew()).isEqualTo(Duration.ofSeconds(30));
    assertThat(a.jwt().issuer()).isNull();
    assertThat(a.apiKey().keysFile()).isEqualTo(Path.of("/etc/mcp-fleet/apikeys/keys.json"));
    assertThat(a.apiKey().header()).isEqualTo("X-API-Key");
    assertThat(load("tools: []").auth().mode()).isEqualTo("none");
  }

  @Test
  void relativeKeyFilesResolveAgainstTheManifestDirectory() throws IOException {
    AuthConfig a = load("""
        auth:
          mode: jwt
          jwt: {keysFile: keys/jwks.json, signingKeysFile: ./keys/../keys/signing.json}
          apiKey: {keysFile: api.json}
        """).auth();
    assertThat(a.jwt().keysFile()).isEqualTo(dir.resolve("keys/jwks.json").toAbsolutePath());
    assertThat(a.jwt().signingKeysFile()).isEqualTo(dir.resolve("keys/signing.json").toAbsolutePath());
    assertThat(a.apiKey().keysFile()).isEqualTo(dir.resolve("api.json").toAbsolutePath());
  }

  @Test
  void operatorOnlyJwtKeysAreAccepted() throws IOException {
    AuthConfig a = load("auth: {mode: jwt, jwt: {secretName: s, rotation: {generation: 3, gracePeriod: 2h, propagationDelay: 90s}}}").auth();
    assertThat(a.jwt().algorithm()).isEqualTo("RS256");
  }

  @Test
  void oidcAudienceDefaultsToTheResource() throws IOException {
    AuthConfig a = load("auth: {mode: oidc, oidc: {issuerUrl: 'https://as.example.com/', resource: 'https://mcp.example.com/mcp', "
        + "requiredScopes: [mcp:tools]}}").auth();
    assertThat(a.oidc().audience()).isEqualTo("https://mcp.example.com/mcp");
    assertThat(a.oidc().issuerUrl()).as("kept exactly: iss must match it").isEqualTo("https://as.example.com/");
    assertThat(a.oidc().requiredScopes()).containsExactly("mcp:tools");
    assertThat(a.oidc().jwksRefresh()).isEqualTo(Duration.ofMinutes(10));
  }

  static Stream<Arguments> badAuth() {
    return Stream.of(
        Arguments.of("auth: {mode: basic}", "spec.auth.mode: 'basic' is not one of"),
        Arguments.of("auth: {mode: jwt, jwt: {algorithm: HS512}}", "spec.auth.jwt.algorithm: 'HS512' is not one of"),
        Arguments.of("auth: {mode: jwt, jwt: {algorithm: none}}", "spec.auth.jwt.algorithm: 'none' is not one of"),
        Arguments.of("auth: {mode: jwt, jwt: {keysFile: ''}}", "spec.auth.jwt.keysFile: must not be empty"),
        Arguments.of("auth: {mode: jwt, jwt: {clockSkew: 1h}}", "spec.auth.jwt.clockSkew: must be at most 5m"),
        Arguments.of("auth: {mode: jwt, jwt: {rotation: {gracePeriod: soon}}}", "spec.auth.jwt.rotation.gracePeriod"),
        Arguments.of("auth: {mode: jwt, jwt: {rolesClaim: 5}}", "spec.auth.jwt.rolesClaim: must be a string"),
        Arguments.of("auth: {mode: oidc}", "spec.auth.oidc.issuerUrl: is required"),
        Arguments.of("auth: {mode: oidc, oidc: {issuerUrl: 'https://as.example.com'}}", "spec.auth.oidc.audience: is required"),
        Arguments.of("auth: {mode: oidc, oidc: {issuerUrl: 'ftp://as', audience: a}}", "spec.auth.oidc.issuerUrl"),
        Arguments.of("auth: {mode: oidc, oidc: {issuerUrl: 'http://as.example.com', audience: a}}",
            "spec.auth.oidc.issuerUrl: 'http://as.example.com' must be https"),
        Arguments.of("auth: {mode: oidc, oidc: {issuerUrl: 'https://as', audience: a, jwksUri: 'x'}}", "spec.auth.oidc.jwksUri"),
        Arguments.of("auth: {mode: oidc, oidc: {issuerUrl: 'https://as', audience: a, requiredScopes: read}}",
            "spec.auth.oidc.requiredScopes: must be a list"),
        Arguments.of("auth: {mode: apiKey, apiKey: {keysFile: 7}}", "spec.auth.apiKey.keysFile: must be a string"),
        Arguments.of("auth: {mode: apiKey, apiKey: {header: Authorization}}", "spec.auth.apiKey.header"),
        Arguments.of("auth: {mode: jwt, jwt: {rotation: {generation: 0}}}", "spec.auth.jwt.rotation.generation: 0 is out of range"));
  }

  @ParameterizedTest
  @MethodSource("badAuth")
  void badAuthSettingsNameTheKey(String spec, String expected) {
    assertThatThrownBy(() -> load(spec)).isInstanceOf(ConfigException.class).hasMessageContaining(expected);
  }

  @Test
  void aMissingOrBrokenKeyFileStopsTheStartWithTheKeyNamed() throws IOException {
    Vertx vertx = Vertx.vertx();
    try {
      ServerConfig missing = load("auth: {mode: jwt, jwt: {keysFile: absent.json}}");
      assertThatThrownBy(() -> Authenticators.create(vertx, missing.auth()))
          .isInstanceOf(ConfigException.class).hasMessageContaining("spec.auth.jwt.keysFile").hasMessageContaining("no such file");
      Files.writeString(dir.resolve("secret.json"), "{\"keys\":[{\"kty\":\"oct\",\"k\":\"c2VjcmV0LXNob3VsZC1uZXZlci1sZWFr\"");
      ServerConfig broken = load("auth: {mode: jwt, jwt: {algorithm: HS256, keysFile: secret.json}}");
      assertThatThrownBy(() -> Authenticators.create(vertx, broken.auth()))
          .hasMessageContaining("spec.auth.jwt.keysFile").hasMessageContaining("not a valid JWK set")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("c2VjcmV0"));
      Files.writeString(dir.resolve("weak.json"), "{\"keys\":[{\"kty\":\"oct\",\"kid\":\"w\",\"k\":\"c2hvcnQ\"}]}");
      ServerConfig weak = load("auth: {mode: jwt, jwt: {algorithm: HS256, keysFile: weak.json}}");
      assertThatThrownBy(() -> Authenticators.create(vertx, weak.auth())).hasMessageContaining("no usable");
      ServerConfig wrongType = load("auth: {mode: jwt, jwt: {algorithm: RS256, keysFile: '"
          + Path.of("../examples/secured-keys/jwks.json").toAbsolutePath() + "'}}");
      assertThatThrownBy(() -> Authenticators.create(vertx, wrongType.auth()))
          .as("an EC key set cannot serve RS256").hasMessageContaining("no usable [RS256] key");
    } finally {
      vertx.close();
    }
  }
}
