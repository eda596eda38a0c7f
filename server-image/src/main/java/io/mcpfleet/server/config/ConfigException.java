package io.mcpfleet.server.config;

/** Invalid configuration: the message names the key (as a path in the spec) and what is wrong with it. */
public final class ConfigException extends RuntimeException {

  public ConfigException(String key, String problem) {
    super(key + ": " + problem);
  }

  public ConfigException(String message) {
    super(message);
  }
}
