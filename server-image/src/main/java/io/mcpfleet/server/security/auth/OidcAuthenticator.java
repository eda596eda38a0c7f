package io.mcpfleet.server.security.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.mcpfleet.server.config.AuthConfig;
import io.mcpfleet.server.security.AuthException;
import io.mcpfleet.server.security.Authenticator;
import io.mcpfleet.server.security.Principal;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Auth mode {@code oidc}: this server is an OAuth 2.1 resource server for an external authorization server.
 * Access tokens are JWTs signed with the authorization server's keys, fetched (non-blocking) from its JWKS, which
 * is found through {@code jwksUri} or the issuer's discovery document, cached, refreshed on a timer and re-fetched
 * when a token names an unknown key (at most once per {@link #MIN_REFETCH}, so junk kids cannot make us hammer
 * the authorization server). Publishes RFC 9728 protected-resource metadata and points to it in every 401.
 */
public final class OidcAuthenticator implements Authenticator {

  private static final Logger LOG = LoggerFactory.getLogger(OidcAuthenticator.class);
  static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
  static final Duration MIN_REFETCH = Duration.ofSeconds(30);
  static final String METADATA_PATH = "/.well-known/oauth-protected-resource";
  private static final int TIMEOUT_MS = 5_000;

  private final Vertx vertx;
  private final AuthConfig.Oidc config;
  private final WebClient client;
  private final JwtVerifier verifier;
  private final TokenCache cache = new TokenCache(JwtAuthenticator.CACHE_ENTRIES);
  private final long timerId;
  private final AtomicLong generation = new AtomicLong();
  private final AtomicLong fetches = new AtomicLong();
  private volatile JWKSet keys;
  private volatile String jwksUri;
  private volatile long lastUnknownKidFetch = Long.MIN_VALUE / 2;
  private Future<JWKSet> inflight; // guarded by this

  public OidcAuthenticator(Vertx vertx, AuthConfig.Oidc config) {
    this.vertx = vertx;
    this.config = config;
    this.jwksUri = config.jwksUri();
    this.client = WebClient.create(vertx, new WebClientOptions()
        .setConnectTimeout(TIMEOUT_MS).setFollowRedirects(false).setUserAgent("mcp-fleet-server"));
    this.verifier = new JwtVerifier(ALGORITHMS, config.issuerUrl(), config.audience(), config.clockSkew(),
        config.rolesClaim(), "oidc", new LinkedHashSet<>(config.requiredScopes()));
    refresh(); // starts in the background: the server listens while the keys arrive
    this.timerId = vertx.setPeriodic(config.jwksRefresh().toMillis(), id -> refresh());
  }

  @Override
  public Future<Principal> authenticate(HttpServerRequest request) {
    String token = Credentials.bearer(request);
    if (token == null) {
      return Future.failedFuture(AuthException.missing());
    }
    try {
      String cacheKey = TokenCache.key(token);
      long gen = generation.get();
      Principal cached = cache.get(cacheKey, gen);
      if (cached != null) {
        return Future.succeededFuture(cached);
      }
      SignedJWT jwt = verifier.parse(token);
      JWKSet set = keys; // read after gen: a result is never tagged newer than the keys that produced it
      if (set == null) {
        return refresh().transform(ar -> ar.succeeded() ? verify(jwt, ar.result(), cacheKey, -1, false)
            : Future.failedFuture(AuthException.unavailable("The authorization server's keys are not available yet")));
      }
      return verify(jwt, set, cacheKey, gen, true);
    } catch (AuthException e) {
      return Future.failedFuture(e);
    }
  }

  /** @param gen the key generation {@code set} belongs to, or -1 (just fetched) to skip caching this once */
  private Future<Principal> verify(SignedJWT jwt, JWKSet set, String cacheKey, long gen, boolean mayRefetch) {
    try {
      JWK key = verifier.keyFor(jwt, set);
      if (key == null) {
        long now = System.currentTimeMillis();
        if (mayRefetch && now - lastUnknownKidFetch >= MIN_REFETCH.toMillis()) {
          // The authorization server may have rotated: look once, then answer.
          lastUnknownKidFetch = now;
          return refresh().transform(ar -> ar.succeeded() ? verify(jwt, ar.result(), cacheKey, -1, false)
              : Future.failedFuture(unknownKid()));
        }
        throw unknownKid();
      }
      Principal p = verifier.verify(jwt, key);
      if (gen >= 0) {
        cache.put(cacheKey, p, gen);
      }
      return Future.succeededFuture(p);
    } catch (AuthException e) {
      return Future.failedFuture(e);
    }
  }

  private static AuthException unknownKid() {
    return AuthException.invalid("unknown_kid", "The token is signed with a key the authorization server does not publish");
  }

  /** Fetches the key set; concurrent callers share one fetch. A failed fetch keeps the previous keys. */
  private synchronized Future<JWKSet> refresh() {
    if (inflight != null) {
      return inflight;
    }
    Future<JWKSet> f = (jwksUri != null ? Future.succeededFuture(jwksUri) : discover())
        .compose(uri -> getBody(uri, "JWKS"))
        .compose(body -> {
          try {
            return Future.succeededFuture(KeySets.verificationSet(body.getBytes(), ALGORITHMS, false));
          } catch (Exception e) {
            return Future.failedFuture(new IllegalStateException("JWKS " + e.getMessage()));
          }
        });
    inflight = f;
    f.onComplete(ar -> {
      synchronized (this) {
        if (inflight == f) {
          inflight = null;
        }
      }
      if (ar.succeeded()) {
        JWKSet previous = keys;
        if (previous == null || !previous.toString().equals(ar.result().toString())) {
          keys = ar.result();
          generation.incrementAndGet(); // cached tokens verified with a removed key must not outlive it
          LOG.info("OIDC key set of {} loaded: {}", config.issuerUrl(), KeySets.describe(ar.result()));
        }
      } else {
        LOG.warn("OIDC key set of {} could not be fetched ({}){}", config.issuerUrl(), ar.cause().getMessage(),
            keys == null ? "" : "; keeping the previous one");
      }
    });
    return f;
  }

  /** OpenID Connect discovery, then RFC 8414 authorization server metadata; the issuer must match exactly. */
  private Future<String> discover() {
    String issuer = config.issuerUrl();
    String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    URI u = URI.create(base);
    String origin = u.getScheme() + "://" + u.getRawAuthority();
    String path = u.getRawPath() == null ? "" : u.getRawPath();
    return discover(base + "/.well-known/openid-configuration")
        .recover(e -> discover(origin + "/.well-known/oauth-authorization-server" + path))
        .onSuccess(uri -> jwksUri = uri);
  }

  private Future<String> discover(String url) {
    return getBody(url, "discovery document").compose(body -> {
      JsonObject doc;
      try {
        doc = body.toJsonObject();
      } catch (RuntimeException e) {
        return Future.failedFuture(new IllegalStateException(url + " is not a JSON object"));
      }
      if (!config.issuerUrl().equals(doc.getValue("issuer"))) {
        return Future.failedFuture(new IllegalStateException(url + " names another issuer"));
      }
      if (!(doc.getValue("jwks_uri") instanceof String jwks) || !acceptableUrl(jwks)) {
        return Future.failedFuture(new IllegalStateException(url + " has no usable https jwks_uri"));
      }
      return Future.succeededFuture(jwks);
    });
  }

  private Future<Buffer> getBody(String url, String what) {
    fetches.incrementAndGet();
    return client.getAbs(url).timeout(TIMEOUT_MS).putHeader("Accept", "application/json").send()
        .transform(ar -> {
          if (ar.failed()) {
            return Future.failedFuture(new IllegalStateException(what + " " + url + ": " + ar.cause().getClass().getSimpleName()));
          }
          if (ar.result().statusCode() != 200 || ar.result().body() == null) {
            return Future.failedFuture(new IllegalStateException(what + " " + url + ": HTTP " + ar.result().statusCode()));
          }
          if (ar.result().body().length() > WatchedFile.MAX_BYTES) {
            return Future.failedFuture(new IllegalStateException(what + " " + url + ": too large"));
          }
          return Future.succeededFuture(ar.result().body());
        });
  }

  private static boolean acceptableUrl(String url) {
    try {
      URI u = URI.create(url);
      return u.getHost() != null && ("https".equals(u.getScheme())
          || ("http".equals(u.getScheme()) && AuthConfig.isLoopback(u.getHost())));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  // --- RFC 9728: protected resource metadata, and the challenge that points to it ---

  @Override
  public void mount(Router router) {
    router.get(METADATA_PATH).handler(this::metadata);
    router.get(METADATA_PATH + "/mcp").handler(this::metadata);
    if (config.resource() != null) {
      String path = URI.create(config.resource()).getRawPath();
      if (path != null && !path.isEmpty() && !path.equals("/") && !path.equals("/mcp")) {
        router.get(METADATA_PATH + path).handler(this::metadata); // the resource lives under another path upstream
      }
    }
  }

  private void metadata(RoutingContext rc) {
    JsonObject doc = new JsonObject()
        .put("resource", resource(rc.request()))
        .put("authorization_servers", new JsonArray().add(config.issuerUrl()))
        .put("bearer_methods_supported", new JsonArray().add("header"));
    if (!config.requiredScopes().isEmpty()) {
      doc.put("scopes_supported", new JsonArray(config.requiredScopes()));
    }
    rc.response().putHeader("Content-Type", "application/json")
        .putHeader("Access-Control-Allow-Origin", "*") // public metadata: browser-based clients must read it
        .end(doc.toBuffer());
  }

  /** This server's resource identifier: configured, or derived from how the client reached us. */
  private String resource(HttpServerRequest request) {
    if (config.resource() != null) {
      return config.resource();
    }
    String proto = request.getHeader("X-Forwarded-Proto");
    String scheme = "https".equalsIgnoreCase(proto) || "http".equalsIgnoreCase(proto) ? proto.toLowerCase() : request.scheme();
    var authority = request.authority();
    String host = authority == null ? "localhost" : authority.host()
        + (authority.port() > 0 && authority.port() != ("https".equals(scheme) ? 443 : 80) ? ":" + authority.port() : "");
    return Authenticator.quotable(scheme + "://" + host + "/mcp");
  }

  private String metadataUrl(HttpServerRequest request) {
    URI r = URI.create(resource(request));
    String path = r.getRawPath() == null || r.getRawPath().equals("/") ? "" : r.getRawPath();
    return r.getScheme() + "://" + r.getRawAuthority() + METADATA_PATH + path;
  }

  @Override
  public String challenge(HttpServerRequest request, AuthException e) {
    StringBuilder sb = new StringBuilder("Bearer resource_metadata=\"").append(metadataUrl(request)).append('"');
    if (!config.requiredScopes().isEmpty()) {
      sb.append(", scope=\"").append(Authenticator.quotable(String.join(" ", config.requiredScopes()))).append('"');
    }
    if (e.error() != null) {
      sb.append(", error=\"").append(e.error()).append('"')
          .append(", error_description=\"").append(Authenticator.quotable(e.getMessage())).append('"');
    }
    return sb.toString();
  }

  /** Requests made to the authorization server so far (discovery and JWKS): tests and metrics. */
  public long fetches() {
    return fetches.get();
  }

  public long signatureChecks() {
    return verifier.signatureChecks();
  }

  @Override
  public void close() {
    vertx.cancelTimer(timerId);
    client.close();
  }
}
