package io.mcpfleet.operator.api.v1alpha1.spec;

import java.time.Duration;
import java.util.regex.Matcher;

/** Parses the spec's duration strings (500ms, 30s, 5m, 1h; a bare number means seconds). */
public final class Durations {

    private static final java.util.regex.Pattern FORMAT = java.util.regex.Pattern.compile(Defaults.DURATION);

    private Durations() {
    }

    public static boolean isValid(String text) {
        return text != null && FORMAT.matcher(text).matches();
    }

    public static Duration parse(String text) {
        Matcher m = FORMAT.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (use e.g. 500ms, 30s, 5m, 1h)");
        }
        String unit = m.group(1) == null ? "s" : m.group(1);
        long n = Long.parseLong(text.substring(0, text.length() - (m.group(1) == null ? 0 : unit.length())));
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
    }
}
