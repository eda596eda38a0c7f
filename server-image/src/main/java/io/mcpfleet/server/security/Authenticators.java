package io.mcpfleet.server.security;

import io.mcpfleet.server.config.AuthConfig;
import io.mcpfleet.server.security.auth.ApiKeyAuthenticator;
import io.mcpfleet.server.security.auth.JwtAuthenticator;
import io.mcpfleet.server.security.auth.OidcAuthenticator;
import io.vertx.core.Vertx;

/** Builds the {@link Authenticator} for {@code spec.auth.mode}. */
public final class Authenticators {

  private Authenticators() {}

  public static Authenticator create(Vertx vertx, AuthConfig config) {
    return switch (config.mode()) {
      case "none" -> Authenticator.NONE;
      case "jwt" -> new JwtAuthenticator(vertx, config.jwt());
      case "apiKey" -> new ApiKeyAuthenticator(vertx, config.apiKey());
      case "oidc" -> new OidcAuthenticator(vertx, config.oidc());
      default -> throw new IllegalStateException("auth mode " + config.mode() + " has no authenticator");
    };
  }
}
