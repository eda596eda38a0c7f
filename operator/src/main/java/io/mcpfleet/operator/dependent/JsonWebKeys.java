package io.mcpfleet.operator.dependent;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Generates JWK sets (RFC 7517) for RS256, ES256 and HS256, and derives the public verify set from a signing set. */
public final class JsonWebKeys {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    /** Private members of RSA and EC keys (RFC 7518 §6); "k" of an oct key stays: HS256 verifies with the secret. */
    private static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth");

    private JsonWebKeys() {
    }

    /** A signing set with one new key; the kid is derived from the public part so it names the key, not the time. */
    public static String generate(String algorithm) {
        ObjectNode jwk = MAPPER.createObjectNode();
        try {
            switch (algorithm) {
                case "RS256" -> {
                    KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
                    gen.initialize(2048, RANDOM);
                    KeyPair pair = gen.generateKeyPair();
                    RSAPublicKey pub = (RSAPublicKey) pair.getPublic();
                    RSAPrivateCrtKey priv = (RSAPrivateCrtKey) pair.getPrivate();
                    jwk.put("kty", "RSA");
                    jwk.put("n", b64(pub.getModulus()));
                    jwk.put("e", b64(pub.getPublicExponent()));
                    jwk.put("d", b64(priv.getPrivateExponent()));
                    jwk.put("p", b64(priv.getPrimeP()));
                    jwk.put("q", b64(priv.getPrimeQ()));
                    jwk.put("dp", b64(priv.getPrimeExponentP()));
                    jwk.put("dq", b64(priv.getPrimeExponentQ()));
                    jwk.put("qi", b64(priv.getCrtCoefficient()));
                    jwk.put("kid", kid(pub.getModulus().toByteArray()));
                }
                case "ES256" -> {
                    KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
                    gen.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
                    KeyPair pair = gen.generateKeyPair();
                    ECPublicKey pub = (ECPublicKey) pair.getPublic();
                    ECPrivateKey priv = (ECPrivateKey) pair.getPrivate();
                    jwk.put("kty", "EC");
                    jwk.put("crv", "P-256");
                    jwk.put("x", B64.encodeToString(fixed(pub.getW().getAffineX(), 32)));
                    jwk.put("y", B64.encodeToString(fixed(pub.getW().getAffineY(), 32)));
                    jwk.put("d", B64.encodeToString(fixed(priv.getS(), 32)));
                    jwk.put("kid", kid(fixed(pub.getW().getAffineX(), 32)));
                }
                case "HS256" -> {
                    byte[] secret = new byte[32];
                    RANDOM.nextBytes(secret);
                    jwk.put("kty", "oct");
                    jwk.put("k", B64.encodeToString(secret));
                    jwk.put("kid", kid(secret));
                }
                default -> throw new IllegalArgumentException("unsupported JWT algorithm " + algorithm);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + algorithm + " key", e);
        }
        jwk.put("use", "sig");
        jwk.put("alg", algorithm);
        ObjectNode set = MAPPER.createObjectNode();
        set.putArray("keys").add(jwk);
        return set.toString();
    }

    /** The same set without private members; what pods mount to verify tokens. */
    public static String publicSet(String signingSet) {
        try {
            JsonNode set = MAPPER.readTree(signingSet);
            ArrayNode keys = MAPPER.createArrayNode();
            for (JsonNode key : set.path("keys")) {
                ObjectNode copy = ((ObjectNode) key).deepCopy();
                PRIVATE_MEMBERS.forEach(copy::remove);
                copy.put("use", "sig");
                keys.add(copy);
            }
            ObjectNode out = MAPPER.createObjectNode();
            out.set("keys", keys);
            return out.toString();
        } catch (JsonProcessingException | ClassCastException e) {
            // Never echo the content: it holds private keys.
            throw new IllegalStateException("the signing key Secret does not hold a JWK set in jwks.json");
        }
    }

    /** Key id of the first key in a set, or null. */
    public static String firstKeyId(String set) {
        try {
            Iterator<JsonNode> keys = MAPPER.readTree(set).path("keys").elements();
            return keys.hasNext() ? keys.next().path("kid").asText(null) : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** Key ids of a set, in order; empty for a set that does not parse. */
    public static java.util.List<String> keyIds(String set) {
        java.util.List<String> kids = new java.util.ArrayList<>();
        try {
            for (JsonNode key : MAPPER.readTree(set).path("keys")) {
                kids.add(key.path("kid").asText(""));
            }
        } catch (JsonProcessingException e) {
            return java.util.List.of();
        }
        return kids;
    }

    /** Whether any key of the set carries private RSA/EC members (never fine in a verify set). */
    public static boolean hasPrivateMembers(String set) {
        try {
            for (JsonNode key : MAPPER.readTree(set).path("keys")) {
                for (String member : PRIVATE_MEMBERS) {
                    if (key.has(member)) {
                        return true;
                    }
                }
            }
        } catch (JsonProcessingException e) {
            return false;
        }
        return false;
    }

    private static String b64(BigInteger n) {
        byte[] bytes = n.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return B64.encodeToString(bytes);
    }

    private static byte[] fixed(BigInteger n, int length) {
        byte[] bytes = n.toByteArray();
        if (bytes.length == length) {
            return bytes;
        }
        byte[] out = new byte[length];
        int copy = Math.min(bytes.length, length);
        System.arraycopy(bytes, bytes.length - copy, out, length - copy, copy);
        return out;
    }

    private static String kid(byte[] material) throws GeneralSecurityException {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(material);
        return B64.encodeToString(Arrays.copyOf(digest, 12));
    }
}
