package io.mcpfleet.server.security;

import io.mcpfleet.server.mcp.JsonRpc;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The auth step of the chain: stores the caller's {@link Principal}, or answers 401/403 with a challenge. */
public final class AuthHandler implements Handler<RoutingContext> {

  private final Authenticator authenticator;
  private final AuthFailures failures;

  /** Counts refusals by reason (for metrics); a no-op is fine. */
  @FunctionalInterface
  public interface AuthFailures {
    void record(String reason);
  }

  public AuthHandler(Authenticator authenticator, AuthFailures failures) {
    this.authenticator = authenticator;
    this.failures = failures;
  }

  @Override
  public void handle(RoutingContext rc) {
    if (rc.request().method().name().equals("OPTIONS")) {
      rc.next(); // CORS preflights carry no credentials by design
      return;
    }
    authenticator.authenticate(rc.request()).onComplete(ar -> {
      if (ar.succeeded()) {
        rc.put(Principal.KEY, ar.result());
        rc.next();
        return;
      }
      AuthException e = ar.cause() instanceof AuthException a ? a
          : AuthException.invalid("error", "The credential could not be verified");
      failures.record(e.reason());
      var response = rc.response().setStatusCode(e.status());
      if (e.status() == 401 || e.status() == 403) {
        response.putHeader("WWW-Authenticate", authenticator.challenge(rc.request(), e));
      } else {
        response.putHeader("Retry-After", "5"); // 503: the credential could not be checked right now
      }
      int code = switch (e.status()) {
        case 401 -> JsonRpc.UNAUTHORIZED;
        case 403 -> JsonRpc.FORBIDDEN;
        default -> JsonRpc.INTERNAL_ERROR;
      };
      response.putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("jsonrpc", "2.0").putNull("id")
              .put("error", new JsonObject().put("code", code).put("message", e.getMessage()))
              .toBuffer());
    });
  }
}
