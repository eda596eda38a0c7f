package io.mcpfleet.operator.rotation;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.Secret;
import io.mcpfleet.operator.dependent.PodContract;

/**
 * How a {@link KeyRing} is kept in the signing Secret {@code <name>-jwt-signing}: {@code jwks.json} stays what token
 * minters read (the active key only), the rest sits beside it. All in {@code data}, so the matcher sees every change.
 */
public final class KeyRingSecret {

    public static final String PENDING_KEY = "pending.jwks.json";
    public static final String RETIRING_KEY = "retiring.jwks.json";
    public static final String STATE_KEY = "rotation.json";

    private KeyRingSecret() {
    }

    public static Map<String, String> data(KeyRing ring) {
        Map<String, String> data = new TreeMap<>();
        data.put(PodContract.JWKS_KEY, b64(ring.signingSet()));
        ObjectNode state = KeyRing.MAPPER.createObjectNode();
        state.put("generation", ring.generation());
        if (ring.pending() != null) {
            data.put(PENDING_KEY, b64(KeyRing.set(List.of(ring.pending()))));
            state.put("publishedAt", ring.publishedAt().toString());
        }
        if (!ring.retiring().isEmpty()) {
            data.put(RETIRING_KEY, b64(KeyRing.set(ring.retiring().stream().map(KeyRing.Retiring::publicKey).toList())));
            ObjectNode until = state.putObject("retiringUntil");
            ring.retiring().forEach(r -> until.put(r.kid(), r.until().toString()));
        }
        data.put(STATE_KEY, b64(state.toString()));
        return data;
    }

    /**
     * The ring a Secret holds. A Secret written before rotation existed (no rotation.json) is adopted as generation
     * {@code specGeneration}, so upgrading the operator never rotates by itself.
     */
    public static KeyRing read(Secret secret, long specGeneration) {
        String signing = value(secret, PodContract.JWKS_KEY);
        if (signing == null) {
            throw new IllegalStateException("Secret " + secret.getMetadata().getName() + " has no key " + PodContract.JWKS_KEY);
        }
        String stateText = value(secret, STATE_KEY);
        if (stateText == null) {
            return KeyRing.fresh(specGeneration, signing);
        }
        try {
            JsonNode state = KeyRing.MAPPER.readTree(stateText);
            long generation = state.path("generation").asLong(specGeneration);
            ObjectNode pending = null;
            Instant publishedAt = null;
            String pendingText = value(secret, PENDING_KEY);
            if (pendingText != null && state.hasNonNull("publishedAt")) {
                pending = KeyRing.firstKey(pendingText);
                publishedAt = Instant.parse(state.get("publishedAt").asText());
            }
            List<KeyRing.Retiring> retiring = new ArrayList<>();
            String retiringText = value(secret, RETIRING_KEY);
            if (retiringText != null) {
                for (JsonNode key : KeyRing.MAPPER.readTree(retiringText).path("keys")) {
                    String until = state.path("retiringUntil").path(key.path("kid").asText()).asText(null);
                    if (key.isObject() && until != null) {
                        retiring.add(new KeyRing.Retiring((ObjectNode) key, Instant.parse(until)));
                    }
                }
            }
            return new KeyRing(generation, KeyRing.firstKey(signing), pending, publishedAt, retiring);
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Secret " + secret.getMetadata().getName() + " holds an unreadable "
                    + STATE_KEY + "; delete the Secret to start over with a new key");
        }
    }

    /** A data or stringData value (our own create comes back from the cache as we sent it). */
    static String value(Secret secret, String key) {
        if (secret.getData() != null && secret.getData().containsKey(key)) {
            return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
        }
        if (secret.getStringData() != null && secret.getStringData().containsKey(key)) {
            return secret.getStringData().get(key);
        }
        return null;
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
