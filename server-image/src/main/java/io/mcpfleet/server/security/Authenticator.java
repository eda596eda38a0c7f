package io.mcpfleet.server.security;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;

/**
 * Turns a request's credential into a {@link Principal}, or fails with an {@link AuthException}. One
 * implementation per {@code spec.auth.mode}; all must be safe to call from any event loop.
 */
public interface Authenticator {

  Future<Principal> authenticate(HttpServerRequest request);

  /** Extra routes an auth mode serves (RFC 9728 metadata); none by default. */
  default void mount(io.vertx.ext.web.Router router) {}

  /**
   * The {@code WWW-Authenticate} header value for a refusal (RFC 6750 / RFC 9728). Modes that publish
   * protected-resource metadata add {@code resource_metadata="..."}.
   */
  default String challenge(io.vertx.core.http.HttpServerRequest request, AuthException e) {
    return challenge(e);
  }

  /** The challenge when it does not depend on the request. */
  default String challenge(AuthException e) {
    StringBuilder sb = new StringBuilder("Bearer realm=\"mcp\"");
    if (e.error() != null) {
      sb.append(", error=\"").append(e.error()).append('"');
      sb.append(", error_description=\"").append(quotable(e.getMessage())).append('"');
    }
    return sb.toString();
  }

  /** A value safe inside a quoted-string of a header: no quotes, backslashes or control characters. */
  static String quotable(String s) {
    return s.replaceAll("[\"\\\\\\p{Cntrl}]", "'");
  }

  /**
   * The ids of the verification keys in use now (jwt mode), so readiness can show which keys a pod has loaded while
   * a rotation is under way. Key ids are public; empty for modes without a local key set.
   */
  default java.util.Set<String> loadedKeyIds() {
    return java.util.Set.of();
  }

  default void close() {}

  /** Auth mode {@code none}: every caller is anonymous. */
  Authenticator NONE = request -> Future.succeededFuture(Principal.ANONYMOUS);
}
