package io.mcpfleet.server.security;

import java.util.Set;

/**
 * Who is calling: the authenticated subject, its roles (JWT/OIDC roles or scopes, API key roles), and when
 * its credential expires. With auth off every caller is {@link #ANONYMOUS}.
 */
public record Principal(String subject, Set<String> roles, long expiresAtMillis, String method) {

  /** The context key under which the auth step stores the principal for later steps. */
  public static final String KEY = "mcp-fleet.principal";

  public static final Principal ANONYMOUS = new Principal("anonymous", Set.of(), Long.MAX_VALUE, "none");

  public boolean isAnonymous() {
    return this == ANONYMOUS || "none".equals(method);
  }

  /** A tool with no roles is open to every authenticated caller; otherwise one shared role is enough. */
  public boolean mayUse(java.util.Collection<String> toolRoles) {
    if (toolRoles.isEmpty()) {
      return true;
    }
    for (String r : toolRoles) {
      if (roles.contains(r)) {
        return true;
      }
    }
    return false;
  }
}
