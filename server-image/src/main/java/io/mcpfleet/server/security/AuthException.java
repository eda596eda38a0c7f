package io.mcpfleet.server.security;

/**
 * A refused credential. {@code status} is 401 (no or bad credential: the client should obtain a token),
 * 403 (valid credential, not enough rights), or 503 (the credential cannot be checked right now);
 * {@code error} is the RFC 6750 error code that goes into the {@code WWW-Authenticate} challenge. The description is safe to show the client: it never contains the
 * credential itself.
 */
public final class AuthException extends RuntimeException {

  private final int status;
  private final String error;
  private final String reason;

  /**
   * @param reason a short, fixed metric label (expired, bad_signature, unknown_kid, ...) for auth failure metrics
   */
  public AuthException(int status, String error, String reason, String description) {
    super(description, null, false, false);
    this.status = status;
    this.error = error;
    this.reason = reason;
  }

  public static AuthException missing() {
    return new AuthException(401, null, "missing", "Authentication required");
  }

  public static AuthException invalid(String reason, String description) {
    return new AuthException(401, "invalid_token", reason, description);
  }

  /** The credential could not be checked now (an authorization server's keys are unreachable): 503. */
  public static AuthException unavailable(String description) {
    return new AuthException(503, null, "unavailable", description);
  }

  /** A valid credential without a scope this server requires: 403 insufficient_scope. */
  public static AuthException insufficientScope(String description) {
    return new AuthException(403, "insufficient_scope", "insufficient_scope", description);
  }

  public int status() {
    return status;
  }

  /** invalid_token, insufficient_scope, or null when no credential was presented. */
  public String error() {
    return error;
  }

  public String reason() {
    return reason;
  }
}
