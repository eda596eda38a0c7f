package io.mcpfleet.server.security.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reading JWK sets for verification: only usable keys survive, and messages never quote key material. */
final class KeySets {

  private KeySets() {}

  /**
   * A verification set for the given algorithms: keys of other types, without a {@code kid}, or too weak are
   * dropped; private parts of asymmetric keys are dropped. Fails when no key is left or the JSON is broken.
   */
  static JWKSet verificationSet(byte[] content, Set<JWSAlgorithm> algorithms, boolean requireKid) throws ParseException {
    JWKSet parsed = parse(content);
    List<JWK> keys = new ArrayList<>();
    Set<String> kids = new HashSet<>();
    for (JWK k : parsed.getKeys()) {
      if (requireKid && (k.getKeyID() == null || k.getKeyID().isBlank())) {
        continue;
      }
      if (algorithms.stream().noneMatch(a -> JwtVerifier.fits(k, a)) || weak(k)) {
        continue;
      }
      if (k.getKeyID() != null && !kids.add(k.getKeyID())) {
        throw new ParseException("key id '" + k.getKeyID() + "' appears twice", 0);
      }
      keys.add(k instanceof OctetSequenceKey ? k : k.toPublicJWK());
    }
    if (keys.isEmpty()) {
      throw new ParseException("no usable " + algorithms + " key with a kid among " + parsed.getKeys().size() + " key(s)", 0);
    }
    return new JWKSet(keys);
  }

  static JWKSet parse(byte[] content) throws ParseException {
    try {
      return JWKSet.parse(new String(content, StandardCharsets.UTF_8));
    } catch (ParseException e) {
      // Nimbus messages can quote the offending JSON, which here may be a secret: say only where it failed.
      throw new ParseException("not a valid JWK set (JSON with a \"keys\" array of JWKs)", e.getErrorOffset());
    }
  }

  private static boolean weak(JWK k) {
    if (k instanceof RSAKey rsa) {
      return rsa.size() < 2048;
    }
    if (k instanceof OctetSequenceKey oct) {
      return oct.size() < 256; // HS256 needs a secret of at least 256 bits (RFC 7518 3.2)
    }
    return false;
  }

  /** Key ids and types for a log line: never key material. */
  static String describe(JWKSet set) {
    List<String> parts = new ArrayList<>();
    for (JWK k : set.getKeys()) {
      parts.add(k.getKeyType() + ":" + k.getKeyID());
    }
    return set.getKeys().size() + " key(s) " + parts;
  }
}
