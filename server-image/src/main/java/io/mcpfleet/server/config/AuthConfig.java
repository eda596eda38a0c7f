package io.mcpfleet.server.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * {@code spec.auth}: how callers prove who they are. One block per mode; only the block of the chosen mode is
 * required to be complete, the others are parsed (so typos still fail) but not used.
 *
 * <p>File paths are resolved against the directory of the manifest (or spec JSON) that names them, so a local
 * manifest can point at keys beside it; the defaults are the pod contract's mount points.
 */
public record AuthConfig(String mode, Jwt jwt, Oidc oidc, ApiKey apiKey) {

  public static final String DEFAULT_JWKS = "/etc/mcp-fleet/jwt/jwks.json";
  public static final String DEFAULT_API_KEYS = "/etc/mcp-fleet/apikeys/keys.json";
  public static final Set<String> JWT_ALGORITHMS = Set.of("HS256", "RS256", "ES256");
  static final Duration DEFAULT_SKEW = Duration.ofSeconds(30);

  public static final AuthConfig NONE = new AuthConfig("none", null, null, null);

  /**
   * {@code spec.auth.jwt}: tokens signed with a key of a mounted key set (operator-generated, rotated).
   * {@code secretName} and {@code rotation} are the operator's and are only type-checked here.
   */
  public record Jwt(
      String algorithm,
      String issuer,
      String audience,
      Path keysFile,
      Path signingKeysFile,
      String rolesClaim,
      Duration clockSkew) {}

  /** {@code spec.auth.oidc}: access tokens of an external OAuth 2.1 authorization server. */
  public record Oidc(
      String issuerUrl,
      String audience,
      String jwksUri,
      List<String> requiredScopes,
      String resource,
      String rolesClaim,
      Duration clockSkew,
      Duration jwksRefresh) {}

  /**
   * {@code spec.auth.apiKey}: static keys, stored as SHA-256 hashes in a mounted file; presented as a bearer
   * token or in {@code header}. {@code secretName} is the operator's (the Secret it mounts) and is ignored here.
   */
  public record ApiKey(Path keysFile, String header) {}

  static AuthConfig parse(Node auth, Path baseDir) {
    String mode = auth.oneOf("mode", "none", Set.of("none", "jwt", "oidc", "apiKey"));
    Jwt jwt = jwt(auth.object("jwt"), baseDir);
    Oidc oidc = "oidc".equals(mode) || auth.has("oidc") ? oidc(auth.object("oidc"), "oidc".equals(mode)) : null;
    Node apiKeyNode = auth.object("apiKey");
    apiKeyNode.string("secretName", null);
    String header = apiKeyNode.string("header", "X-API-Key");
    if (!header.matches("[A-Za-z0-9-]{1,64}") || header.equalsIgnoreCase("Authorization")) {
      throw new ConfigException(apiKeyNode.key("header"), "'" + header + "' must be an HTTP header name other than Authorization");
    }
    ApiKey apiKey = new ApiKey(path(apiKeyNode, "keysFile", DEFAULT_API_KEYS, baseDir), header);
    return new AuthConfig(mode, jwt, oidc, apiKey);
  }

  private static Jwt jwt(Node n, Path baseDir) {
    String algorithm = n.oneOf("algorithm", "RS256", JWT_ALGORITHMS);
    // Operator-only keys: checked for shape so a typo fails here too, then ignored by the server.
    n.string("secretName", null);
    Node rotation = n.object("rotation");
    rotation.integer("generation", 1, 1, Integer.MAX_VALUE);
    rotation.duration("gracePeriod", Duration.ofHours(1));
    rotation.duration("propagationDelay", Duration.ofMinutes(2));
    String signing = n.string("signingKeysFile", null);
    return new Jwt(
        algorithm,
        blankToNull(n.string("issuer", null)),
        blankToNull(n.string("audience", null)),
        path(n, "keysFile", DEFAULT_JWKS, baseDir),
        signing == null || signing.isBlank() ? null : resolve(baseDir, signing),
        claimName(n, "rolesClaim"),
        skew(n));
  }

  private static Oidc oidc(Node n, boolean active) {
    String issuer = active ? n.requiredString("issuerUrl") : n.string("issuerUrl", null);
    if (issuer != null) {
      httpUrl(n.key("issuerUrl"), issuer); // kept as written: the iss claim must match it exactly
    }
    String jwksUri = blankToNull(n.string("jwksUri", null));
    if (jwksUri != null) {
      httpUrl(n.key("jwksUri"), jwksUri);
    }
    String resource = blankToNull(n.string("resource", null));
    if (resource != null) {
      httpUrl(n.key("resource"), resource);
      if (resource.contains("#")) {
        throw new ConfigException(n.key("resource"), "must not contain a fragment (RFC 8707)");
      }
    }
    String audience = blankToNull(n.string("audience", null));
    if (audience == null) {
      audience = resource;
    }
    if (active && audience == null) {
      throw new ConfigException(n.key("audience"),
          "is required (the token audience that names this server; or set resource, which it then defaults to)");
    }
    Duration refresh = n.duration("jwksRefresh", Duration.ofMinutes(10));
    return new Oidc(issuer, audience, jwksUri, List.copyOf(n.strings("requiredScopes")), resource,
        claimName(n, "rolesClaim"), skew(n), refresh);
  }

  private static String claimName(Node n, String key) {
    String claim = n.string(key, "roles");
    if (claim.isBlank()) {
      throw new ConfigException(n.key(key), "must not be empty");
    }
    return claim;
  }

  private static Duration skew(Node n) {
    if (!n.has("clockSkew")) {
      return DEFAULT_SKEW;
    }
    Duration d = Durations.parse(n.key("clockSkew"), String.valueOf(n.json().getValue("clockSkew")));
    if (d.compareTo(Duration.ofMinutes(5)) > 0) {
      throw new ConfigException(n.key("clockSkew"), "must be at most 5m");
    }
    return d;
  }

  private static Path path(Node n, String key, String fallback, Path baseDir) {
    String value = n.string(key, fallback);
    if (value.isBlank()) {
      throw new ConfigException(n.key(key), "must not be empty");
    }
    return resolve(baseDir, value);
  }

  private static Path resolve(Path baseDir, String value) {
    Path p = Path.of(value);
    return p.isAbsolute() || baseDir == null ? p : baseDir.resolve(p).normalize();
  }

  private static void httpUrl(String key, String value) {
    URI uri;
    try {
      uri = URI.create(value);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key, "'" + value + "' is not a valid URL");
    }
    if (uri.getScheme() == null || uri.getHost() == null
        || !(uri.getScheme().equals("https") || (uri.getScheme().equals("http") && isLoopback(uri.getHost())))) {
      throw new ConfigException(key, "'" + value + "' must be https (plain http only on a loopback host, for local testing)");
    }
    if (uri.getRawQuery() != null) {
      throw new ConfigException(key, "'" + value + "' must not have a query");
    }
  }

  /** Plain http is acceptable only where nothing travels over a network: tests and local development. */
  public static boolean isLoopback(String host) {
    return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
