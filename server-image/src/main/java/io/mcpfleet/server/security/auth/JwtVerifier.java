package io.mcpfleet.server.security.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import io.mcpfleet.server.security.AuthException;
import io.mcpfleet.server.security.Principal;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The checks every bearer JWT goes through, shared by the {@code jwt} and {@code oidc} modes: the algorithm is
 * pinned (never taken from the token: no {@code none}, no HS/RS confusion), the key is chosen by {@code kid} and
 * must be of the algorithm's type, then signature, {@code exp}/{@code nbf} (with a small clock skew), {@code iss}
 * and {@code aud}. Error descriptions are fixed strings: nothing from the token is echoed back.
 */
final class JwtVerifier {

  static final int MAX_TOKEN_CHARS = 16 * 1024;

  private final Set<JWSAlgorithm> algorithms;
  private final String issuer;
  private final String audience;
  private final long skewMillis;
  private final String rolesClaim;
  private final String method;
  private final Set<String> requiredScopes;
  private final AtomicLong signatureChecks = new AtomicLong();

  /**
   * @param issuer required {@code iss}, or null to accept any
   * @param audience a value {@code aud} must contain, or null to accept any
   * @param method the principal's auth method (jwt, oidc)
   */
  JwtVerifier(Set<JWSAlgorithm> algorithms, String issuer, String audience, Duration skew, String rolesClaim, String method) {
    this(algorithms, issuer, audience, skew, rolesClaim, method, Set.of());
  }

  /** @param requiredScopes scopes every token must carry, else 403 insufficient_scope (OAuth resource servers) */
  JwtVerifier(Set<JWSAlgorithm> algorithms, String issuer, String audience, Duration skew, String rolesClaim, String method,
      Set<String> requiredScopes) {
    this.requiredScopes = Set.copyOf(requiredScopes);
    this.algorithms = Set.copyOf(algorithms);
    this.issuer = issuer;
    this.audience = audience;
    this.skewMillis = skew.toMillis();
    this.rolesClaim = rolesClaim;
    this.method = method;
  }

  /** Parses a compact JWS and checks its header; does not touch keys. */
  SignedJWT parse(String token) {
    if (token.length() > MAX_TOKEN_CHARS) {
      throw AuthException.invalid("malformed", "The token is too long");
    }
    JWT jwt;
    try {
      jwt = JWTParser.parse(token);
    } catch (ParseException e) {
      throw AuthException.invalid("malformed", "The token is not a valid JWT");
    }
    if (!(jwt instanceof SignedJWT signed)) {
      // PlainJWT is alg "none"; EncryptedJWT is not something a client should send a resource server.
      throw AuthException.invalid("bad_algorithm", "The token is not signed with an accepted algorithm");
    }
    if (!algorithms.contains(signed.getHeader().getAlgorithm())) {
      throw AuthException.invalid("bad_algorithm", "The token is not signed with an accepted algorithm");
    }
    if (signed.getHeader().getCriticalParams() != null && !signed.getHeader().getCriticalParams().isEmpty()) {
      throw AuthException.invalid("malformed", "The token has critical header parameters this server does not understand");
    }
    return signed;
  }

  /**
   * The key the token names. Without a {@code kid}, a set holding exactly one key for the algorithm is
   * unambiguous; anything else is refused. Returns null when the named key is not in the set (unknown kid).
   */
  JWK keyFor(SignedJWT jwt, JWKSet keys) {
    JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
    String kid = jwt.getHeader().getKeyID();
    if (kid == null) {
      List<JWK> candidates = keys.getKeys().stream().filter(k -> fits(k, alg)).toList();
      if (candidates.size() == 1) {
        return candidates.get(0);
      }
      throw AuthException.invalid("unknown_kid", "The token names no key (kid) and the key set holds more than one");
    }
    JWK key = keys.getKeyByKeyId(kid);
    if (key == null) {
      return null;
    }
    if (!fits(key, alg)) {
      throw AuthException.invalid("bad_algorithm", "The token's key is not a key for its algorithm");
    }
    return key;
  }

  /** Checks the signature with {@code key} and then the claims; returns who the token is for. */
  Principal verify(SignedJWT jwt, JWK key) {
    boolean valid;
    try {
      signatureChecks.incrementAndGet();
      valid = jwt.verify(verifier(key));
    } catch (JOSEException e) {
      valid = false;
    }
    if (!valid) {
      throw AuthException.invalid("bad_signature", "The token signature is invalid");
    }
    JWTClaimsSet claims;
    try {
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw AuthException.invalid("malformed", "The token claims are not valid");
    }
    return checkClaims(claims);
  }

  private Principal checkClaims(JWTClaimsSet claims) {
    long now = System.currentTimeMillis();
    Date exp = claims.getExpirationTime();
    if (exp == null) {
      throw AuthException.invalid("no_expiry", "The token has no expiry (exp)");
    }
    if (now > exp.getTime() + skewMillis) {
      throw AuthException.invalid("expired", "The token has expired");
    }
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && now + skewMillis < nbf.getTime()) {
      throw AuthException.invalid("not_yet_valid", "The token is not valid yet (nbf)");
    }
    if (issuer != null && !issuer.equals(claims.getIssuer())) {
      throw AuthException.invalid("wrong_issuer", "The token was issued by another issuer");
    }
    if (audience != null && (claims.getAudience() == null || !claims.getAudience().contains(audience))) {
      throw AuthException.invalid("wrong_audience", "The token is meant for another audience");
    }
    String subject = claims.getSubject();
    if (subject == null || subject.isBlank()) {
      throw AuthException.invalid("no_subject", "The token has no subject (sub)");
    }
    Set<String> roles = new LinkedHashSet<>(values(claims.getClaim(rolesClaim)));
    Set<String> scopes = scopes(claims);
    if (!scopes.containsAll(requiredScopes)) {
      // Checked last: a 403 must only ever go to a caller whose token is otherwise valid.
      throw AuthException.insufficientScope("The token lacks a scope this server requires");
    }
    roles.addAll(scopes);
    return new Principal(subject, Set.copyOf(roles), exp.getTime(), method);
  }

  /** The token's OAuth scopes: {@code scope} (space-separated, RFC 8693/9068) or {@code scp} (string or list). */
  static Set<String> scopes(JWTClaimsSet claims) {
    Set<String> out = new LinkedHashSet<>(values(claims.getClaim("scope")));
    out.addAll(values(claims.getClaim("scp")));
    return out;
  }

  /** A claim as a list of strings: a JSON array of strings, or one space-separated string. */
  private static List<String> values(Object claim) {
    List<String> out = new ArrayList<>();
    if (claim instanceof String s) {
      for (String part : s.trim().split("\\s+")) {
        if (!part.isEmpty()) {
          out.add(part);
        }
      }
    } else if (claim instanceof List<?> list) {
      for (Object o : list) {
        if (o instanceof String s && !s.isBlank()) {
          out.add(s);
        }
      }
    }
    return out;
  }

  /** Whether {@code key} may verify {@code alg}: the key type matches, and its own alg/use, if set, agree. */
  static boolean fits(JWK key, JWSAlgorithm alg) {
    if (key.getAlgorithm() != null && !key.getAlgorithm().getName().equals(alg.getName())) {
      return false;
    }
    if (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse())) {
      return false;
    }
    if (JWSAlgorithm.HS256.equals(alg)) {
      return key instanceof OctetSequenceKey;
    }
    if (JWSAlgorithm.RS256.equals(alg)) {
      return key instanceof RSAKey;
    }
    if (JWSAlgorithm.ES256.equals(alg)) {
      return key instanceof ECKey ec && Curve.P_256.equals(ec.getCurve());
    }
    return false;
  }

  private static JWSVerifier verifier(JWK key) throws JOSEException {
    if (key instanceof RSAKey rsa) {
      return new RSASSAVerifier(rsa.toRSAPublicKey());
    }
    if (key instanceof ECKey ec) {
      return new ECDSAVerifier(ec.toECPublicKey());
    }
    if (key instanceof OctetSequenceKey oct) {
      return new MACVerifier(oct.toByteArray());
    }
    throw new JOSEException("unsupported key type");
  }

  /** How many signatures were checked (the token cache keeps this well below the number of requests). */
  long signatureChecks() {
    return signatureChecks.get();
  }
}
