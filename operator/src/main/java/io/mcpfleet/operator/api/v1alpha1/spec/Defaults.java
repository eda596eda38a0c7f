package io.mcpfleet.operator.api.v1alpha1.spec;

/** Null-to-default helper for the compact constructors of the spec records. */
public final class Defaults {

    /** Durations are a number with an optional unit (ms, s, m, h); a bare number means seconds. */
    public static final String DURATION = "^[0-9]+(ms|s|m|h)?$";

    private Defaults() {
    }

    public static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
