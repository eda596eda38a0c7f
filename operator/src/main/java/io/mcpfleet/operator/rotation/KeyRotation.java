package io.mcpfleet.operator.rotation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import io.mcpfleet.operator.api.v1alpha1.spec.Durations;
import io.mcpfleet.operator.api.v1alpha1.spec.Rotation;
import io.mcpfleet.operator.api.v1alpha1.status.AuthStatus;
import io.mcpfleet.operator.dependent.JsonWebKeys;

/**
 * The rotation protocol of the pod contract as a pure function of (key ring, spec, time). Publish before sign:
 * <ol>
 * <li>a new {@code rotation.generation} adds a new key to the verify set only (phase Publishing);</li>
 * <li>{@code propagationDelay} later (kubelet refreshes mounted Secrets after about a minute) the new key signs and
 * the old one retires (phase Active);</li>
 * <li>{@code gracePeriod} after that switch the old key leaves the verify set, so tokens it signed expire with it.</li>
 * </ol>
 * Every step happens at a reconcile; {@link #nextDeadline} says when the next one is due.
 */
public final class KeyRotation {

    private KeyRotation() {
    }

    /** The ring after whatever is due at {@code now}; {@code current} null means no keys yet. */
    public static KeyRing step(KeyRing current, Rotation spec, Instant now, Supplier<String> newSigningSet) {
        long generation = spec.generation();
        if (current == null) {
            return KeyRing.fresh(generation, newSigningSet.get());
        }
        KeyRing ring = current;
        // A changed generation starts a rotation; one already publishing satisfies it (the key is not signing yet).
        if (ring.generation() != generation) {
            ring = ring.pending() != null
                    ? new KeyRing(generation, ring.active(), ring.pending(), ring.publishedAt(), ring.retiring())
                    : new KeyRing(generation, ring.active(), KeyRing.firstKey(newSigningSet.get()), now, ring.retiring());
        }
        List<KeyRing.Retiring> retiring = new ArrayList<>(ring.retiring());
        if (ring.pending() != null && !now.isBefore(ring.publishedAt().plus(propagation(spec)))) {
            // Switch: the new key signs; tokens the old one signed until now stay valid for the grace period.
            retiring.add(new KeyRing.Retiring(KeyRing.publicKey(ring.active()), now.plus(grace(spec))));
            ring = new KeyRing(ring.generation(), ring.pending(), null, null, retiring);
        }
        List<KeyRing.Retiring> kept = ring.retiring().stream().filter(r -> now.isBefore(r.until())).toList();
        if (kept.size() != ring.retiring().size()) {
            ring = new KeyRing(ring.generation(), ring.active(), ring.pending(), ring.publishedAt(), kept);
        }
        return ring;
    }

    /** When the next step is due: the switch of a publishing key, or the end of a retiring key's grace. */
    public static Optional<Instant> nextDeadline(KeyRing ring, Rotation spec) {
        List<Instant> due = new ArrayList<>();
        if (ring.pending() != null) {
            due.add(ring.publishedAt().plus(propagation(spec)));
        }
        ring.retiring().forEach(r -> due.add(r.until()));
        return due.stream().min(Comparator.naturalOrder());
    }

    public static AuthStatus status(KeyRing ring) {
        List<String> retiring = ring.retiring().stream().map(KeyRing.Retiring::kid).toList();
        String until = ring.retiring().stream().map(KeyRing.Retiring::until).max(Comparator.naturalOrder())
                .map(Instant::toString).orElse(null);
        return new AuthStatus(ring.phase(), ring.activeKid(), ring.pendingKid(), retiring.isEmpty() ? null : retiring,
                until, JsonWebKeys.keyIds(ring.verifySet()));
    }

    static Duration propagation(Rotation spec) {
        return Durations.parse(spec.propagationDelay());
    }

    static Duration grace(Rotation spec) {
        return Durations.parse(spec.gracePeriod());
    }
}
