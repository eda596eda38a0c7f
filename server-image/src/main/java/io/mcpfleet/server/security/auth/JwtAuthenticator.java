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
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.Set;

/**
 * Auth mode {@code jwt}: bearer tokens signed with a key of the mounted verification key set
 * ({@code /etc/mcp-fleet/jwt/jwks.json}, or {@code spec.auth.jwt.keysFile}). The set holds the active and the
 * retiring keys during a rotation and is re-read when it changes, without a restart.
 */
public final class JwtAuthenticator implements Authenticator {

  static final Duration RELOAD_INTERVAL = Duration.ofSeconds(1);
  static final int CACHE_ENTRIES = 10_000;

  private final WatchedFile<JWKSet> keys;
  private final JwtVerifier verifier;
  private final TokenCache cache = new TokenCache(CACHE_ENTRIES);

  public JwtAuthenticator(Vertx vertx, AuthConfig.Jwt config) {
    Set<JWSAlgorithm> alg = Set.of(JWSAlgorithm.parse(config.algorithm()));
    this.keys = new WatchedFile<>(vertx, config.keysFile(), "spec.auth.jwt.keysFile", "JWT verification key set",
        content -> KeySets.verificationSet(content, alg, true), KeySets::describe, RELOAD_INTERVAL);
    this.verifier = new JwtVerifier(alg, config.issuer(), config.audience(), config.clockSkew(), config.rolesClaim(), "jwt");
  }

  @Override
  public Future<Principal> authenticate(HttpServerRequest request) {
    String token = Credentials.bearer(request);
    if (token == null) {
      return Future.failedFuture(AuthException.missing());
    }
    try {
      return Future.succeededFuture(verify(token));
    } catch (AuthException e) {
      return Future.failedFuture(e);
    }
  }

  Principal verify(String token) {
    // One snapshot of the key set per request: a reload in between cannot mix two sets.
    long generation = keys.generation();
    JWKSet set = keys.current();
    String cacheKey = TokenCache.key(token);
    Principal cached = cache.get(cacheKey, generation);
    if (cached != null) {
      return cached;
    }
    SignedJWT jwt = verifier.parse(token);
    JWK key = verifier.keyFor(jwt, set);
    if (key == null) {
      throw AuthException.invalid("unknown_kid", "The token is signed with a key this server does not know");
    }
    Principal p = verifier.verify(jwt, key);
    cache.put(cacheKey, p, generation);
    return p;
  }

  /** Signatures checked so far (tests and metrics: the cache keeps it far below the request count). */
  public long signatureChecks() {
    return verifier.signatureChecks();
  }

  /** Key ids currently loaded (for readiness reporting during rotation). */
  @Override
  public Set<String> loadedKeyIds() {
    return keyIds();
  }

  public Set<String> keyIds() {
    return Set.copyOf(keys.current().getKeys().stream().map(JWK::getKeyID).toList());
  }

  @Override
  public void close() {
    keys.close();
  }
}
