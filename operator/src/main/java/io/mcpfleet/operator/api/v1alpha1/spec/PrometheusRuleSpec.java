package io.mcpfleet.operator.api.v1alpha1.spec;

import static io.mcpfleet.operator.api.v1alpha1.spec.Defaults.or;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

/** The alerts an on-call team needs, as a Prometheus Operator PrometheusRule. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PrometheusRuleSpec(
        @Default("false")
        @JsonPropertyDescription("Create the PrometheusRule <name> (needs the Prometheus Operator CRDs; skipped, and said so in status, without them).")
        Boolean enabled,

        @JsonPropertyDescription("Extra labels on the PrometheusRule, e.g. the one your Prometheus' ruleSelector asks for.")
        Map<String, String> labels,

        @Default("https://github.com/mcp-fleet/mcp-fleet/blob/main/docs/runbooks.md") @Pattern("^https?://.+")
        @JsonPropertyDescription("Where the runbooks live; each alert's runbook_url is this plus #<alert name in lower case>.")
        String runbookBaseUrl) {

    public static final String RUNBOOKS = "https://github.com/mcp-fleet/mcp-fleet/blob/main/docs/runbooks.md";

    public PrometheusRuleSpec {
        enabled = or(enabled, false);
        runbookBaseUrl = or(runbookBaseUrl, RUNBOOKS);
    }
}
