package io.mcpfleet.server.security.auth;

import io.vertx.core.http.HttpServerRequest;

/** Where callers put credentials: the Authorization header (RFC 6750), never the query string. */
final class Credentials {

  private Credentials() {}

  /** The token of {@code Authorization: Bearer <token>}, or null when there is none (or another scheme). */
  static String bearer(HttpServerRequest request) {
    String h = request.getHeader("Authorization");
    if (h == null || h.length() <= 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = h.substring(7).trim();
    return token.isEmpty() ? null : token;
  }
}
