package io.mcpfleet.operator.api.v1alpha1.spec;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Size;

/** Browser origins allowed to call the server. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Cors(
        @Size(max = 64)
        @JsonPropertyDescription("Origins allowed by CORS, e.g. https://app.example.com. Empty: no cross-origin access.")
        List<String> allowedOrigins) {
}
