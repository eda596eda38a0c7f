package io.mcpfleet.server;

import static io.mcpfleet.server.AuthFixtures.callTool;
import static io.mcpfleet.server.AuthFixtures.listTools;
import static io.mcpfleet.server.AuthFixtures.toolNames;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcpfleet.server.security.auth.ApiKeyAuthenticator;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Auth mode apiKey: hashed keys in a mounted file, Bearer or X-API-Key, every stored hash compared each time. */
class ApiKeyAuthTest {

  static final String CI_KEY = "mcpk_ci_3b1f9c2e7d4a4f0c9e8b";
  static final String ADMIN_KEY = "mcpk_admin_a9e2d6c1b8f74e53";
  static Path keys;
  static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    keys = Files.createTempDirectory("apikeys").resolve("keys.json");
    writeKeys(false);
    server = TestServer.start("auth:\n  mode: apiKey\n  apiKey: {keysFile: " + AuthFixtures.yamlPath(keys) + "}\n"
        + AuthFixtures.TOOLS);
  }

  static void writeKeys(boolean withLate) throws Exception {
    Files.writeString(keys, """
        {"ci-bot": {"sha256": "%s", "roles": []},
         "ops": {"sha256": "%s", "roles": ["admin"]}%s}
        """.formatted(ApiKeyAuthenticator.hash(CI_KEY), ApiKeyAuthenticator.hash(ADMIN_KEY).toUpperCase(),
        withLate ? ", \"late\": {\"sha256\": \"" + ApiKeyAuthenticator.hash("late-key-0123456789") + "\"}" : ""));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aGoodKeyWorksAsBearerOrXApiKey() {
    assertThat(callTool(server, "echo", "Authorization", "Bearer " + CI_KEY).statusCode()).isEqualTo(200);
    assertThat(callTool(server, "echo", "X-API-Key", CI_KEY).statusCode()).isEqualTo(200);
  }

  @Test
  void aBadOrMissingKeyIsRefused() {
    for (String bad : new String[] {CI_KEY + "x", CI_KEY.substring(0, CI_KEY.length() - 1), ApiKeyAuthenticator.hash(CI_KEY)}) {
      HttpResponse<String> r = listTools(server, "X-API-Key", bad);
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).contains("invalid_token");
      assertThat(TestServer.json(r).getJsonObject("error").getInteger("code")).isEqualTo(-32005);
      assertThat(r.body()).doesNotContain(bad);
    }
    HttpResponse<String> none = listTools(server);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer").doesNotContain("error=");
  }

  @Test
  void rolesOfTheKeyChooseTheTools() {
    assertThat(toolNames(listTools(server, "X-API-Key", CI_KEY))).containsExactly("echo");
    assertThat(callTool(server, "admin-report", "X-API-Key", CI_KEY).statusCode()).isEqualTo(403);
    assertThat(toolNames(listTools(server, "X-API-Key", ADMIN_KEY))).containsExactly("echo", "admin-report");
    assertThat(callTool(server, "admin-report", "Authorization", "Bearer " + ADMIN_KEY).body()).contains("for admins");
  }

  @Test
  void everyStoredHashIsComparedWhicheverKeyMatches() {
    ApiKeyAuthenticator auth = (ApiKeyAuthenticator) server.runtime.authenticator();
    int stored = auth.keyCount();
    assertThat(stored).isGreaterThanOrEqualTo(2);
    for (String presented : new String[] {CI_KEY, ADMIN_KEY, "nope-not-a-key"}) {
      long before = auth.comparisons();
      listTools(server, "X-API-Key", presented);
      assertThat(auth.comparisons() - before).as("comparisons for " + presented).isEqualTo(auth.keyCount());
    }
  }

  @Test
  void aNewKeyWorksAfterTheFileChanges() throws Exception {
    assertThat(listTools(server, "X-API-Key", "late-key-0123456789").statusCode()).isEqualTo(401);
    writeKeys(true);
    long deadline = System.currentTimeMillis() + 5_000;
    while (listTools(server, "X-API-Key", "late-key-0123456789").statusCode() != 200) {
      assertThat(System.currentTimeMillis()).as("reloaded within 5 s").isLessThan(deadline);
      Thread.sleep(50);
    }
    assertThat(listTools(server, "X-API-Key", CI_KEY).statusCode()).isEqualTo(200);
  }
}
