package io.mcpfleet.server.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads the configuration in either of its two homes: a whole McpServer manifest (YAML, as a user applies
 * it to a cluster) or the bare spec as JSON (as the operator mounts it from the ConfigMap).
 */
public final class ConfigLoader {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  private ConfigLoader() {}

  /** Loads an McpServer manifest; its {@code spec} is the configuration. */
  @SuppressWarnings("unchecked")
  public static ServerConfig fromManifest(Path file) {
    Map<String, Object> doc = read(file, YAML);
    Object kind = doc.get("kind");
    if (!"McpServer".equals(kind)) {
      throw new ConfigException(file + ": kind is '" + kind + "', expected an McpServer manifest");
    }
    Object apiVersion = doc.get("apiVersion");
    if (apiVersion == null || !String.valueOf(apiVersion).startsWith("mcpfleet.io/")) {
      throw new ConfigException(file + ": apiVersion is '" + apiVersion + "', expected mcpfleet.io/v1alpha1");
    }
    Map<String, Object> metadata = doc.get("metadata") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    String name = String.valueOf(metadata.getOrDefault("name", "mcp-server"));
    Object spec = doc.get("spec");
    if (spec != null && !(spec instanceof Map)) {
      throw new ConfigException("spec", "must be an object");
    }
    return SpecParser.parse(name, spec == null ? new JsonObject() : new JsonObject((Map<String, Object>) spec), dirOf(file));
  }

  /** Loads the spec as JSON, the form the operator renders into the ConfigMap. */
  public static ServerConfig fromSpecJson(Path file, String name) {
    return SpecParser.parse(name, new JsonObject(read(file, JSON)), dirOf(file));
  }

  /** Relative paths in a spec (key files) are resolved against the directory of the file that names them. */
  private static Path dirOf(Path file) {
    return file.toAbsolutePath().getParent();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> read(Path file, ObjectMapper mapper) {
    try {
      Object doc = mapper.readValue(Files.readAllBytes(file), Object.class);
      if (!(doc instanceof Map)) {
        throw new ConfigException(file + ": expected a YAML/JSON object at the top level");
      }
      return (Map<String, Object>) doc;
    } catch (NoSuchFileException e) {
      throw new ConfigException(file + ": no such file");
    } catch (IOException e) {
      // Jackson's message names line and column; keep only its first line (no source excerpt dump).
      String msg = String.valueOf(e.getMessage()).lines().findFirst().orElse("unreadable");
      throw new ConfigException(file + ": not valid YAML/JSON: " + msg);
    }
  }
}
