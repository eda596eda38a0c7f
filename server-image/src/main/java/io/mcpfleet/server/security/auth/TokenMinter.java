package io.mcpfleet.server.security.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.mcpfleet.server.config.AuthConfig;
import io.mcpfleet.server.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Mints a token the way the operator's signing key set would (the {@code token} command): for development and
 * for whoever holds the signing Secret. Pods never hold a signing key, so they cannot do this.
 */
public final class TokenMinter {

  private TokenMinter() {}

  /**
   * @param signingKeys the signing JWK set (private keys; for HS256 the shared secret)
   * @param kid the key to sign with, or null for the first key of the set that can sign the configured algorithm
   */
  public static String mint(AuthConfig.Jwt config, Path signingKeys, String kid, String subject, List<String> roles,
      Duration ttl) {
    JWSAlgorithm alg = JWSAlgorithm.parse(config.algorithm());
    JWK key = pick(load(signingKeys), alg, kid, signingKeys);
    long now = System.currentTimeMillis();
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
        .subject(subject)
        .issueTime(new Date(now))
        .notBeforeTime(new Date(now))
        .expirationTime(new Date(now + ttl.toMillis()))
        .jwtID(UUID.randomUUID().toString());
    if (config.issuer() != null) {
      claims.issuer(config.issuer());
    }
    if (config.audience() != null) {
      claims.audience(config.audience());
    }
    if (!roles.isEmpty()) {
      claims.claim(config.rolesClaim(), roles);
    }
    SignedJWT jwt = new SignedJWT(
        new JWSHeader.Builder(alg).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims.build());
    try {
      jwt.sign(signer(key));
    } catch (JOSEException e) {
      throw new IllegalStateException("signing failed: " + e.getClass().getSimpleName());
    }
    return jwt.serialize();
  }

  private static JWKSet load(Path file) {
    try {
      return KeySets.parse(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      throw new ConfigException(file + ": no such file (the signing key set)");
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot be read");
    } catch (ParseException e) {
      throw new ConfigException(file + ": " + e.getMessage());
    }
  }

  private static JWK pick(JWKSet set, JWSAlgorithm alg, String kid, Path file) {
    for (JWK k : set.getKeys()) {
      boolean canSign = k instanceof OctetSequenceKey || k.isPrivate();
      if (canSign && JwtVerifier.fits(k, alg) && (kid == null || kid.equals(k.getKeyID()))) {
        return k;
      }
    }
    throw new ConfigException(file + ": no private " + alg + " key" + (kid == null ? "" : " with kid '" + kid + "'")
        + " to sign with");
  }

  private static JWSSigner signer(JWK key) throws JOSEException {
    if (key instanceof RSAKey rsa) {
      return new RSASSASigner(rsa);
    }
    if (key instanceof ECKey ec) {
      return new ECDSASigner(ec);
    }
    return new MACSigner((OctetSequenceKey) key);
  }
}
