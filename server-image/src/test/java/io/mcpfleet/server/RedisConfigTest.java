package io.mcpfleet.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpfleet.server.config.ConfigException;
import io.mcpfleet.server.config.ConfigLoader;
import io.mcpfleet.server.config.ServerConfig;
import io.mcpfleet.server.config.SpecParser;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** sessions.redis and the redis stores in the spec: defaults, required keys, errors that name the key. */
class RedisConfigTest {

  static ServerConfig parse(String json) {
    return SpecParser.parse("demo", new JsonObject(json), Path.of("/manifests"));
  }

  @Test
  void theExampleLoadsWithoutConnecting() {
    ServerConfig c = ConfigLoader.fromManifest(Path.of("../examples/redis-sessions.yaml"));
    assertThat(c.sessions().store()).isEqualTo("redis");
    assertThat(c.sessions().ttl()).isEqualTo(Duration.ofMinutes(30));
    assertThat(c.sessions().redis().url()).isEqualTo("redis://redis:6379/0");
    assertThat(c.rateLimit().store()).isEqualTo("redis");
    assertThat(c.rateLimit().failOpen()).isTrue();
  }

  @Test
  void defaults() {
    ServerConfig c = parse("{\"sessions\": {\"store\": \"redis\", \"redis\": {\"url\": \"redis://127.0.0.1:6379\"}}}");
    ServerConfig.Redis r = c.sessions().redis();
    assertThat(r.passwordFile()).isEqualTo(Path.of("/etc/mcp-fleet/redis/password"));
    assertThat(r.passwordFileRequired()).isFalse();
    assertThat(r.timeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(r.keyPrefix()).isEqualTo("mcp-fleet:demo:");
    assertThat(c.rateLimit().store()).isEqualTo("local");
    assertThat(parse("{}").sessions().redis()).isNull();
  }

  @Test
  void explicitSettings() {
    ServerConfig.Redis r = parse("""
        {"sessions": {"redis": {"url": "rediss://cache.example:6380/2", "passwordFile": "secrets/redis-pw",
         "timeout": "250ms", "keyPrefix": "team-a:", "secretName": "redis-auth"}}}
        """).sessions().redis();
    assertThat(r.passwordFile()).isEqualTo(Path.of("/manifests/secrets/redis-pw"));
    assertThat(r.passwordFileRequired()).isTrue();
    assertThat(r.timeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(r.keyPrefix()).isEqualTo("team-a:");
  }

  @Test
  void aRedisStoreWithoutAUrlIsAnErrorNamingTheKey() {
    assertThatThrownBy(() -> parse("{\"sessions\": {\"store\": \"redis\"}}"))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("spec.sessions.redis.url: is required when sessions.store is redis");
    assertThatThrownBy(() -> parse("{\"rateLimit\": {\"requestsPerMinute\": 5, \"store\": \"redis\"}}"))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("spec.sessions.redis.url: is required when rateLimit.store is redis");
  }

  @Test
  void badUrlsAreRefusedWithoutEchoingThem() {
    for (String url : new String[] {"http://redis:6379", "redis://", "redis://:hunter2@/0", "redis://h:1/not-a-db", "::not a url"}) {
      assertThatThrownBy(() -> parse("{\"sessions\": {\"redis\": {\"url\": \"" + url + "\"}}}")).as(url)
          .isInstanceOf(ConfigException.class).hasMessageStartingWith("spec.sessions.redis.url:")
          .message().doesNotContain("hunter2");
    }
    assertThatThrownBy(() -> parse("{\"sessions\": {\"redis\": {\"url\": \"redis://h\", \"timeout\": \"2m\"}}}"))
        .hasMessageStartingWith("spec.sessions.redis.timeout:");
  }

  @Test
  void aPasswordInTheUrlIsRedactedForLogs() {
    ServerConfig.Redis r = parse("{\"sessions\": {\"redis\": {\"url\": \"redis://user:hunter2@redis:6379/0\"}}}").sessions().redis();
    assertThat(r.redactedUrl()).isEqualTo("redis://***@redis:6379/0");
  }
}
