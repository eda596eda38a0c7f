package io.mcpfleet.operator.testing;

import java.time.Duration;
import java.time.Instant;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import io.mcpfleet.operator.rotation.OperatorClock;

/** The operator's clock in the Quarkus tests: real time plus an offset a test moves forward. */
@Alternative
@Priority(1)
@ApplicationScoped
public class TestClock extends OperatorClock {

    private volatile Duration offset = Duration.ZERO;

    @Override
    public Instant now() {
        return super.now().plus(offset);
    }

    public void advance(Duration by) {
        offset = offset.plus(by);
    }
}
