package io.mcpfleet.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.RSAPrivateKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Generated key sets are well-formed JWKs, and the public set strips exactly the private members. */
class JsonWebKeysTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = { "RS256", "ES256", "HS256" })
    void generatesOneKeyWithKidAndAlg(String alg) throws Exception {
        JsonNode key = JSON.readTree(JsonWebKeys.generate(alg)).at("/keys/0");
        assertThat(key.get("alg").asText()).isEqualTo(alg);
        assertThat(key.get("use").asText()).isEqualTo("sig");
        assertThat(key.get("kid").asText()).hasSize(16);
        JsonNode pub = JSON.readTree(JsonWebKeys.publicSet(JsonWebKeys.generate(alg))).at("/keys/0");
        assertThat(pub.has("d")).isFalse();
    }

    @Test
    void rsaKeySignsAndItsPublicPartVerifies() throws Exception {
        String set = JsonWebKeys.generate("RS256");
        JsonNode priv = JSON.readTree(set).at("/keys/0");
        JsonNode pub = JSON.readTree(JsonWebKeys.publicSet(set)).at("/keys/0");
        KeyFactory kf = KeyFactory.getInstance("RSA");
        var privateKey = kf.generatePrivate(new RSAPrivateKeySpec(n(priv, "n"), n(priv, "d")));
        var publicKey = kf.generatePublic(new RSAPublicKeySpec(n(pub, "n"), n(pub, "e")));
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(privateKey);
        s.update("token".getBytes());
        byte[] sig = s.sign();
        s.initVerify(publicKey);
        s.update("token".getBytes());
        assertThat(s.verify(sig)).isTrue();
    }

    @Test
    void hmacSecretStaysInTheVerifySetBecauseVerificationNeedsIt() throws Exception {
        JsonNode pub = JSON.readTree(JsonWebKeys.publicSet(JsonWebKeys.generate("HS256"))).at("/keys/0");
        assertThat(pub.get("kty").asText()).isEqualTo("oct");
        assertThat(Base64.getUrlDecoder().decode(pub.get("k").asText())).hasSize(32);
    }

    @Test
    void brokenSigningSetErrorNeverEchoesItsContent() {
        assertThatThrownBy(() -> JsonWebKeys.publicSet("{\"keys\": [\"secret-material\""))
                .hasMessageNotContaining("secret-material");
    }

    private static BigInteger n(JsonNode key, String member) {
        return new BigInteger(1, Base64.getUrlDecoder().decode(key.get(member).asText()));
    }
}
