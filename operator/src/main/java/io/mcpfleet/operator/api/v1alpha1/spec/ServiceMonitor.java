package io.mcpfleet.operator.api.v1alpha1.spec;

import static io.mcpfleet.operator.api.v1alpha1.spec.Defaults.or;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

/** Prometheus Operator scrape configuration. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServiceMonitor(
        @Default("false")
        @JsonPropertyDescription("Create the ServiceMonitor (needs the Prometheus Operator CRDs).")
        Boolean enabled,

        @Default("30s") @Pattern(Defaults.DURATION)
        @JsonPropertyDescription("Scrape interval.")
        String interval) {

    public ServiceMonitor {
        enabled = or(enabled, false);
        interval = or(interval, "30s");
    }
}
