package io.mcpfleet.server.security;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** Headers every response carries: no sniffing, no framing, no caching of MCP traffic; HSTS under TLS. */
public final class SecurityHeaders implements Handler<RoutingContext> {

  private final boolean tls;

  public SecurityHeaders(boolean tls) {
    this.tls = tls;
  }

  @Override
  public void handle(RoutingContext rc) {
    var h = rc.response().headers();
    h.set("X-Content-Type-Options", "nosniff");
    h.set("X-Frame-Options", "DENY");
    h.set("Referrer-Policy", "no-referrer");
    h.set("Cache-Control", "no-store");
    if (tls) {
      h.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    }
    rc.next();
  }
}
