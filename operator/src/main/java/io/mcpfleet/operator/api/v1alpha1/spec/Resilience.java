package io.mcpfleet.operator.api.v1alpha1.spec;

import static io.mcpfleet.operator.api.v1alpha1.spec.Defaults.or;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** Backpressure, timeouts, body limit, graceful drain and circuit breaking. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Resilience(
        @Default("100") @Min(1) @Max(100000)
        @JsonPropertyDescription("Requests a pod handles at once; more wait in the queue.")
        Integer maxConcurrentRequests,

        @Default("200") @Min(0) @Max(1000000)
        @JsonPropertyDescription("Requests that may wait; beyond that the server answers 503 (overloaded).")
        Integer maxQueuedRequests,

        @Default("30s") @Pattern(Defaults.DURATION)
        @JsonPropertyDescription("Default tool call timeout.")
        String requestTimeout,

        @Default("1048576") @Min(1024) @Max(67108864)
        @JsonPropertyDescription("Largest request body in bytes; larger ones get 413.")
        Long maxRequestBodyBytes,

        @Default("20s") @Pattern(Defaults.DURATION)
        @JsonPropertyDescription("On SIGTERM, how long to drain in-flight requests and streams; the pod's grace period is this plus 10s.")
        String drainTimeout,

        @JsonPropertyDescription("Circuit breaker around every tool handler.")
        CircuitBreaker circuitBreaker) {

    public static final Resilience DEFAULT = new Resilience(null, null, null, null, null, null);

    public Resilience {
        maxConcurrentRequests = or(maxConcurrentRequests, 100);
        maxQueuedRequests = or(maxQueuedRequests, 200);
        requestTimeout = or(requestTimeout, "30s");
        maxRequestBodyBytes = or(maxRequestBodyBytes, 1048576L);
        drainTimeout = or(drainTimeout, "20s");
        circuitBreaker = or(circuitBreaker, CircuitBreaker.DEFAULT);
    }
}
