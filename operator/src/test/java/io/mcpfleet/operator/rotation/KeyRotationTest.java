package io.mcpfleet.operator.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.mcpfleet.operator.api.v1alpha1.spec.Rotation;
import io.mcpfleet.operator.dependent.JsonWebKeys;

/**
 * The rotation protocol step by step, on a controlled clock, and what it means for real tokens: at each phase the
 * verify set the operator would mount is written to a file and tokens are checked against it with nimbus-jose-jwt,
 * as a pod would after reloading that file.
 */
class KeyRotationTest {

    static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    static final Rotation GEN1 = new Rotation(1L, "1h", "2m");
    static final Rotation GEN2 = new Rotation(2L, "1h", "2m");

    @TempDir
    Path dir;

    static KeyRing start(String alg) {
        return KeyRotation.step(null, GEN1, T0, () -> JsonWebKeys.generate(alg));
    }

    @Test
    void aNewGenerationIsPublishedFirstThenSignsThenTheOldKeyRetiresAfterTheGrace() {
        KeyRing ring = start("RS256");
        String first = ring.activeKid();
        assertThat(ring.phase()).isEqualTo("Active");
        assertThat(KeyRotation.nextDeadline(ring, GEN1)).isEmpty();
        // Nothing due: the same ring, so the Secret is not written.
        assertThat(KeyRotation.step(ring, GEN1, T0.plusSeconds(3600), () -> { throw new AssertionError("no new key"); }))
                .isEqualTo(ring);

        Instant bump = T0.plus(Duration.ofDays(1));
        KeyRing publishing = KeyRotation.step(ring, GEN2, bump, () -> JsonWebKeys.generate("RS256"));
        assertThat(publishing.phase()).isEqualTo("Publishing");
        assertThat(publishing.activeKid()).isEqualTo(first);
        String second = publishing.pendingKid();
        assertThat(second).isNotEqualTo(first);
        assertThat(kids(publishing.verifySet())).containsExactly(first, second);
        assertThat(kids(publishing.signingSet())).containsExactly(first);
        assertThat(KeyRotation.nextDeadline(publishing, GEN2)).contains(bump.plus(Duration.ofMinutes(2)));

        // Before the propagation delay: still publishing, and a second bump meanwhile does not make a third key.
        KeyRing early = KeyRotation.step(publishing, new Rotation(3L, "1h", "2m"), bump.plusSeconds(60),
                () -> { throw new AssertionError("no new key while one is publishing"); });
        assertThat(early.phase()).isEqualTo("Publishing");
        assertThat(early.pendingKid()).isEqualTo(second);

        Instant switchAt = bump.plus(Duration.ofMinutes(2));
        KeyRing active = KeyRotation.step(publishing, GEN2, switchAt, () -> { throw new AssertionError(); });
        assertThat(active.phase()).isEqualTo("Active");
        assertThat(active.activeKid()).isEqualTo(second);
        assertThat(kids(active.signingSet())).containsExactly(second);
        assertThat(kids(active.verifySet())).containsExactly(second, first);
        assertThat(KeyRotation.status(active).retiringKeyIds()).containsExactly(first);
        assertThat(KeyRotation.status(active).retiringUntil()).isEqualTo(switchAt.plus(Duration.ofHours(1)).toString());
        assertThat(KeyRotation.nextDeadline(active, GEN2)).contains(switchAt.plus(Duration.ofHours(1)));

        KeyRing stillGrace = KeyRotation.step(active, GEN2, switchAt.plus(Duration.ofMinutes(59)), () -> null);
        assertThat(kids(stillGrace.verifySet())).containsExactly(second, first);
        KeyRing done = KeyRotation.step(active, GEN2, switchAt.plus(Duration.ofHours(1)), () -> null);
        assertThat(kids(done.verifySet())).containsExactly(second);
        assertThat(KeyRotation.nextDeadline(done, GEN2)).isEmpty();
        assertThat(KeyRotation.status(done)).satisfies(s -> {
            assertThat(s.phase()).isEqualTo("Active");
            assertThat(s.retiringKeyIds()).isNull();
            assertThat(s.publishingKeyId()).isNull();
        });
    }

    @Test
    void theStateSurvivesAnOperatorRestartThroughTheSecret() {
        KeyRing publishing = KeyRotation.step(start("ES256"), GEN2, T0, () -> JsonWebKeys.generate("ES256"));
        KeyRing active = KeyRotation.step(publishing, GEN2, T0.plus(Duration.ofMinutes(3)), () -> null);
        for (KeyRing ring : new KeyRing[] { publishing, active }) {
            Secret stored = new SecretBuilder().withMetadata(new ObjectMetaBuilder().withName("s").build())
                    .withData(KeyRingSecret.data(ring)).build();
            assertThat(KeyRingSecret.read(stored, 99)).isEqualTo(ring);
        }
        // A Secret from before rotation existed is adopted at the spec's generation: no surprise rotation.
        String old = JsonWebKeys.generate("RS256");
        Secret legacy = new SecretBuilder().withMetadata(new ObjectMetaBuilder().withName("s").build())
                .withData(Map.of("jwks.json", java.util.Base64.getEncoder().encodeToString(old.getBytes()))).build();
        KeyRing adopted = KeyRingSecret.read(legacy, 4);
        assertThat(adopted.generation()).isEqualTo(4);
        assertThat(adopted.activeKid()).isEqualTo(JsonWebKeys.firstKeyId(old));
        assertThat(KeyRotation.step(adopted, new Rotation(4L, "1h", "2m"), T0, () -> null)).isEqualTo(adopted);
    }

    @Test
    void tokensOfTheOldKeyVerifyUntilTheGraceEndsAndNewKeyTokensFromTheSwitch() throws Exception {
        for (String alg : new String[] { "RS256", "ES256", "HS256" }) {
            KeyRing v1 = start(alg);
            String oldToken = sign(v1.signingSet(), alg);
            assertThat(verifies(v1, oldToken)).as(alg + " before rotation").isTrue();

            Instant bump = T0.plusSeconds(600);
            KeyRing publishing = KeyRotation.step(v1, GEN2, bump, () -> JsonWebKeys.generate(alg));
            // Token minters still get the old key: nothing signs with a key pods may not have loaded yet.
            assertThat(kids(publishing.signingSet())).containsExactly(v1.activeKid());
            assertThat(verifies(publishing, oldToken)).as(alg + " publishing").isTrue();
            String earlyNewToken = sign(KeyRing.set(java.util.List.of(publishing.pending())), alg);
            assertThat(verifies(publishing, earlyNewToken)).as(alg + " the new key is verifiable before it signs").isTrue();

            Instant switchAt = bump.plus(Duration.ofMinutes(2));
            KeyRing active = KeyRotation.step(publishing, GEN2, switchAt, () -> null);
            String newToken = sign(active.signingSet(), alg);
            assertThat(verifies(active, newToken)).as(alg + " new key at the switch").isTrue();
            assertThat(verifies(active, oldToken)).as(alg + " old key during the grace").isTrue();

            KeyRing late = KeyRotation.step(active, GEN2, switchAt.plus(Duration.ofMinutes(59)), () -> null);
            assertThat(verifies(late, oldToken)).as(alg + " old key just before the grace ends").isTrue();
            KeyRing after = KeyRotation.step(active, GEN2, switchAt.plus(Duration.ofHours(1)), () -> null);
            assertThat(verifies(after, oldToken)).as(alg + " old key after the grace").isFalse();
            assertThat(verifies(after, newToken)).as(alg + " new key after the grace").isTrue();
        }
    }

    /** As a pod does: the verify set from the mounted file, the token's kid selecting the key. */
    boolean verifies(KeyRing ring, String token) throws Exception {
        Path file = dir.resolve("jwks.json");
        Files.writeString(file, ring.verifySet());
        JWKSet set = JWKSet.load(file.toFile());
        for (JWK key : set.getKeys()) {
            assertThat(key.isPrivate() && !(key instanceof OctetSequenceKey)).as("no private key in the verify set").isFalse();
        }
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        JWSAlgorithm alg = SignedJWT.parse(token).getHeader().getAlgorithm();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(alg, new ImmutableJWKSet<>(set)));
        try {
            processor.process(token, null);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** As the token command does: the first key of the signing set. */
    static String sign(String signingSet, String alg) throws Exception {
        JWK key = JWKSet.parse(signingSet).getKeys().get(0);
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.parse(alg)).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build();
        SignedJWT jwt = new SignedJWT(header, new JWTClaimsSet.Builder().subject("alice")
                .expirationTime(Date.from(Instant.now().plusSeconds(3600))).build());
        switch (alg) {
            case "RS256" -> jwt.sign(new RSASSASigner((RSAKey) key));
            case "ES256" -> jwt.sign(new ECDSASigner((ECKey) key));
            default -> jwt.sign(new MACSigner((OctetSequenceKey) key));
        }
        return jwt.serialize();
    }

    static java.util.List<String> kids(String set) {
        try {
            return JWKSet.parse(set).getKeys().stream().map(JWK::getKeyID).toList();
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }
}
