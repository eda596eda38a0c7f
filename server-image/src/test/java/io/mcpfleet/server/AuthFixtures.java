package io.mcpfleet.server;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;

/** Real keys and tokens for the auth tests, made with the same JOSE library the server verifies with. */
final class AuthFixtures {

  private AuthFixtures() {}

  static final String ISSUER = "https://issuer.test";
  static final String AUDIENCE = "mcp-test";

  /** Two tools: one open to any authenticated caller, one for the admin role. */
  static final String TOOLS = """
      tools:
        - name: echo
          inputSchema: {type: object, properties: {message: {type: string}}}
          static: {text: "said {{message}}"}
        - name: admin-report
          roles: [admin]
          static: {text: "for admins"}
      """;

  static RSAKey rsa(String kid) {
    try {
      return new RSAKeyGenerator(2048).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static ECKey ec(String kid) {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static OctetSequenceKey hmac(String kid) {
    try {
      return new OctetSequenceKeyGenerator(256).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes the public halves (secrets as they are, for HMAC) as a JWK set file. */
  static void writeJwks(Path file, JWK... keys) {
    List<JWK> pub = java.util.Arrays.stream(keys).map(k -> k instanceof OctetSequenceKey ? k : k.toPublicJWK()).toList();
    try {
      Files.writeString(file, new JWKSet(pub).toString(false));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JWTClaimsSet.Builder claims(String subject) {
    long now = System.currentTimeMillis();
    return new JWTClaimsSet.Builder().subject(subject).issuer(ISSUER).audience(AUDIENCE)
        .issueTime(new Date(now)).expirationTime(new Date(now + 600_000));
  }

  static String sign(JWK key, JWTClaimsSet claims) {
    return sign(key, claims, h -> h);
  }

  static String sign(JWK key, JWTClaimsSet claims, UnaryOperator<JWSHeader.Builder> header) {
    try {
      JWSAlgorithm alg;
      JWSSigner signer;
      if (key instanceof RSAKey rsa) {
        alg = JWSAlgorithm.RS256;
        signer = new RSASSASigner(rsa);
      } else if (key instanceof ECKey ec) {
        alg = JWSAlgorithm.ES256;
        signer = new ECDSASigner(ec);
      } else {
        alg = JWSAlgorithm.HS256;
        signer = new MACSigner((OctetSequenceKey) key);
      }
      SignedJWT jwt = new SignedJWT(header.apply(new JWSHeader.Builder(alg).keyID(key.getKeyID())).build(), claims);
      jwt.sign(signer);
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static HttpResponse<String> listTools(TestServer s, String... headers) {
    return rpc(s, "tools/list", null, "{}", headers);
  }

  static HttpResponse<String> callTool(TestServer s, String tool, String... headers) {
    return rpc(s, "tools/call", tool, "{\"name\":\"" + tool + "\",\"arguments\":{\"message\":\"hi\"}}", headers);
  }

  /** A 2026-07-28 request with its MCP headers plus the given ones (e.g. Authorization). */
  static HttpResponse<String> rpc(TestServer s, String method, String name, String paramsWithoutMeta, String... headers) {
    String params = paramsWithoutMeta.equals("{}") ? "{\"_meta\":" + TestServer.MODERN_META + "}"
        : paramsWithoutMeta.substring(0, paramsWithoutMeta.length() - 1) + ",\"_meta\":" + TestServer.MODERN_META + "}";
    var b = s.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}",
        "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", method);
    if (name != null) {
      b.header("Mcp-Name", name);
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.setHeader(headers[i], headers[i + 1]);
    }
    return s.send(b);
  }

  static String[] bearer(String token) {
    return new String[] {"Authorization", "Bearer " + token};
  }

  static List<String> toolNames(HttpResponse<String> r) {
    return TestServer.json(r).getJsonObject("result").getJsonArray("tools").stream()
        .map(t -> ((io.vertx.core.json.JsonObject) t).getString("name")).toList();
  }

  static String yamlPath(Path p) {
    return "'" + p.toAbsolutePath() + "'";
  }
}
