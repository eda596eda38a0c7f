package io.mcpfleet.server.config;

/**
 * {@code spec.auth}: how callers prove who they are. Only the mode is parsed here so far; each mode's
 * settings are added with its authenticator.
 */
public record AuthConfig(String mode) {

  public static final AuthConfig NONE = new AuthConfig("none");

  static AuthConfig parse(Node auth) {
    String mode = auth.oneOf("mode", "none", java.util.Set.of("none", "jwt", "oidc", "apiKey"));
    if (!"none".equals(mode)) {
      throw new ConfigException(auth.key("mode"), "'" + mode + "' is not available in this server build yet; use 'none'");
    }
    return new AuthConfig(mode);
  }
}
