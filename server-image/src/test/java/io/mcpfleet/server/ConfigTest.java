package io.mcpfleet.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpfleet.server.config.ConfigException;
import io.mcpfleet.server.config.ConfigLoader;
import io.mcpfleet.server.config.ServerConfig;
import io.mcpfleet.server.tools.ToolRegistry;
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

/** Configuration is read from the same manifest a cluster gets; every mistake names its key. */
class ConfigTest {

  @TempDir Path dir;

  private ServerConfig load(String spec) throws IOException {
    Path f = dir.resolve("m.yaml");
    Files.writeString(f, "apiVersion: mcpfleet.io/v1alpha1\nkind: McpServer\nmetadata: {name: x}\nspec:\n" + spec.indent(2));
    return ConfigLoader.fromManifest(f);
  }

  @Test
  void everyExampleManifestLoadsAndBuilds() throws IOException {
    Path examples = Path.of("../examples");
    Vertx vertx = Vertx.vertx();
    try (Stream<Path> files = Files.list(examples)) {
      var manifests = files.filter(p -> p.toString().endsWith(".yaml")).toList();
      assertThat(manifests).isNotEmpty();
      for (Path p : manifests) {
        ServerConfig config = ConfigLoader.fromManifest(p);
        assertThat(ToolRegistry.build(vertx, config.tools(), dir).all()).as(p.toString()).hasSize(config.tools().size());
      }
    } finally {
      vertx.close();
    }
  }

  @Test
  void defaultsApply() throws IOException {
    ServerConfig c = load("tools: []");
    assertThat(c.listPageSize()).isEqualTo(50);
    assertThat(c.resilience().maxRequestBodyBytes()).isEqualTo(1 << 20);
    assertThat(c.resilience().requestTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.sessions().store()).isEqualTo("memory");
  }

  @Test
  void operatorOnlyKeysAreAcceptedAndIgnored() throws IOException {
    ServerConfig c = load("replicas: 3\nimage: x\ningress: {host: a.example.com}\nautoscaling: {minReplicas: 2, maxReplicas: 4}\ntools: []");
    assertThat(c.tools()).isEmpty();
  }

  static Stream<Arguments> badSpecs() {
    return Stream.of(
        Arguments.of("tools: [{name: a}]", "spec.tools[0]: a tool needs exactly one handler"),
        Arguments.of("tools: [{name: a, static: {text: x}, http: {url: 'http://h/'}}]", "exactly one handler"),
        Arguments.of("tools: [{name: 'bad name', static: {text: x}}]", "spec.tools[0].name"),
        Arguments.of("tools: [{name: a, static: {text: x}}, {name: a, static: {text: y}}]", "spec.tools[1].name: 'a' is declared twice"),
        Arguments.of("tools: [{name: a, static: {}}]", "spec.tools[0].static: needs exactly one of 'text' or 'json'"),
        Arguments.of("tools: [{name: a, http: {url: 'ftp://h/x'}}]", "spec.tools[0].http.url: must be an http or https URL"),
        Arguments.of("tools: [{name: a, http: {url: 'http://{{host}}/x'}}]", "spec.tools[0].http.url: the host must be fixed"),
        Arguments.of("tools: [{name: a, http: {url: 'http://h/x', method: TRACE}}]", "spec.tools[0].http.method"),
        Arguments.of("tools: [{name: a, timeout: soon, static: {text: x}}]", "spec.tools[0].timeout: 'soon' is not a duration"),
        Arguments.of("tools: [{name: a, inputSchema: {type: string}, static: {text: x}}]", "spec.tools[0].inputSchema.type"),
        Arguments.of("listPageSize: 0", "spec.listPageSize: 0 is out of range"),
        Arguments.of("resilience: {requestTimeout: 0s}", "spec.resilience.requestTimeout: must be greater than zero"),
        Arguments.of("sessions: {store: etcd}", "spec.sessions.store: 'etcd' is not one of"),
        Arguments.of("tools: 5", "spec.tools: must be a list"),
        Arguments.of("upstream: {http: {url: 'http://127.0.0.1:3000/mcp'}}", "spec.upstream: fronting an upstream MCP server is not available"));
  }

  @ParameterizedTest
  @MethodSource("badSpecs")
  void badSpecsNameTheKey(String spec, String expected) {
    assertThatThrownBy(() -> load(spec)).isInstanceOf(ConfigException.class).hasMessageContaining(expected);
  }

  @Test
  void brokenJsonSchemaNamesTheKeyAtBuild() throws IOException {
    ServerConfig c = load("tools: [{name: a, inputSchema: {type: object, $ref: '#/$defs/missing'}, static: {text: x}}]");
    Vertx vertx = Vertx.vertx();
    try {
      assertThatThrownBy(() -> ToolRegistry.build(vertx, c.tools(), dir))
          .isInstanceOf(ConfigException.class).hasMessageContaining("spec.tools[0].inputSchema");
    } finally {
      vertx.close();
    }
  }

  @Test
  void notAManifestIsRefused() throws IOException {
    Path f = dir.resolve("cm.yaml");
    Files.writeString(f, "apiVersion: v1\nkind: ConfigMap\n");
    assertThatThrownBy(() -> ConfigLoader.fromManifest(f)).hasMessageContaining("expected an McpServer manifest");
    Path broken = dir.resolve("broken.yaml");
    Files.writeString(broken, "kind: [\n");
    assertThatThrownBy(() -> ConfigLoader.fromManifest(broken)).hasMessageContaining("not valid YAML");
    assertThatThrownBy(() -> ConfigLoader.fromManifest(dir.resolve("absent.yaml"))).hasMessageContaining("no such file");
  }

  @Test
  void specJsonFormLoadsTheSameConfiguration() throws IOException {
    Path f = dir.resolve("mcpserver.json");
    Files.writeString(f, "{\"tools\":[{\"name\":\"a\",\"static\":{\"text\":\"x\"}}],\"listPageSize\":7}");
    ServerConfig c = ConfigLoader.fromSpecJson(f, "from-configmap");
    assertThat(c.name()).isEqualTo("from-configmap");
    assertThat(c.listPageSize()).isEqualTo(7);
    assertThat(c.tools()).extracting(t -> t.name()).containsExactly("a");
  }

  @Test
  void cliRejectsBadUsageClearly() {
    assertThatThrownBy(() -> Main.run(new String[] {"serve"}, java.util.Map.of()))
        .hasMessageContaining("exactly one of --manifest or --config");
    assertThatThrownBy(() -> Main.run(new String[] {"--manifest", "x", "--port", "http"}, java.util.Map.of()))
        .isInstanceOf(RuntimeException.class);
    assertThatThrownBy(() -> Main.run(new String[] {"frobnicate"}, java.util.Map.of())).hasMessageContaining("unknown command");
  }
}
