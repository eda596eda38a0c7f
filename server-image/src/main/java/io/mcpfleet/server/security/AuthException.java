package io.mcpfleet.server.security;

/**
 * A refused credential. {@code status} is 401 (no or bad credential: the client should obtain a token) or
 * 403 (valid credential, not enough rights); {@code error} is the RFC 6750 error code that goes into the
 * {@code WWW-Authenticate} challenge. The description is safe to show the client: it never contains the
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
