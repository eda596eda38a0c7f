package io.mcpfleet.operator.api.v1alpha1.spec;

import static io.mcpfleet.operator.api.v1alpha1.spec.Defaults.or;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

/** Prometheus Operator scrape configuration. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServiceMonitor(
        @Default("false")
        @JsonPropertyDescription("Create the ServiceMonitor <name> for the metrics port (needs the Prometheus Operator CRDs; skipped, and said so in status, without them).")
        Boolean enabled,

        @Default("30s") @Pattern(Defaults.DURATION)
        @JsonPropertyDescription("Scrape interval.")
        String interval,

        @JsonPropertyDescription("Extra labels on the ServiceMonitor, e.g. the one your Prometheus selects (release: prometheus).")
        Map<String, String> labels) {

    public ServiceMonitor {
        enabled = or(enabled, false);
        interval = or(interval, "30s");
    }
}
