package io.mcpfleet.operator.rotation;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

/** The operator's notion of now, a bean so tests can move it (rotation deadlines span minutes to hours). */
@ApplicationScoped
public class OperatorClock {

    public static final OperatorClock SYSTEM = new OperatorClock();

    /** Whole seconds: what status and the Secrets record is then exactly what was compared. */
    public Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }
}
