package io.mcpfleet.operator.rotation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.mcpfleet.operator.dependent.JsonWebKeys;

/**
 * The operator-owned JWT keys of one McpServer at one moment: the key that signs, a key published for verification
 * but not yet signing, and retired keys still accepted until their deadline. Everything the rotation needs lives here
 * and is stored in the signing Secret, so an operator restart resumes a rotation where it was.
 *
 * @param generation     the spec.auth.jwt.rotation.generation this ring was made for
 * @param active         private JWK that signs now
 * @param pending        private JWK being published (phase Publishing), or null
 * @param publishedAt    when the pending key entered the verify set, or null
 * @param retiring       public JWKs of former signing keys and until when each is still accepted
 */
public record KeyRing(long generation, ObjectNode active, ObjectNode pending, Instant publishedAt, List<Retiring> retiring) {

    static final ObjectMapper MAPPER = new ObjectMapper();

    /** A former signing key, kept for verification of the tokens it signed until {@code until}. */
    public record Retiring(ObjectNode publicKey, Instant until) {
        public String kid() {
            return publicKey.path("kid").asText(null);
        }
    }

    public KeyRing {
        retiring = List.copyOf(retiring);
    }

    public static KeyRing fresh(long generation, String signingSet) {
        return new KeyRing(generation, firstKey(signingSet), null, null, List.of());
    }

    public String activeKid() {
        return active.path("kid").asText(null);
    }

    public String pendingKid() {
        return pending == null ? null : pending.path("kid").asText(null);
    }

    public String phase() {
        return pending != null ? "Publishing" : "Active";
    }

    /** What token minters use: the active key only (the token command signs with the first key of the set). */
    public String signingSet() {
        return set(List.of(active));
    }

    /** What pods mount: the public halves of the active, the pending and the retiring keys. */
    public String verifySet() {
        List<ObjectNode> keys = new ArrayList<>();
        keys.add(active);
        if (pending != null) {
            keys.add(pending);
        }
        retiring.forEach(r -> keys.add(r.publicKey()));
        return JsonWebKeys.publicSet(set(keys));
    }

    static String set(List<ObjectNode> keys) {
        ObjectNode out = MAPPER.createObjectNode();
        ArrayNode array = out.putArray("keys");
        keys.forEach(array::add);
        return out.toString();
    }

    static ObjectNode firstKey(String set) {
        try {
            JsonNode keys = MAPPER.readTree(set).path("keys");
            if (keys.isArray() && !keys.isEmpty() && keys.get(0).isObject()) {
                return (ObjectNode) keys.get(0);
            }
        } catch (Exception e) {
            // fall through: never echo key material
        }
        throw new IllegalStateException("the signing key Secret does not hold a JWK set in jwks.json");
    }

    /** The public half of a key, as it appears in the verify set. */
    static ObjectNode publicKey(ObjectNode key) {
        return firstKey(JsonWebKeys.publicSet(set(List.of(key))));
    }
}
