package io.mcpfleet.operator.api.v1alpha1.spec;

import static io.mcpfleet.operator.api.v1alpha1.spec.Defaults.or;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

/** Static API keys from a Secret: each key of the Secret is a principal name, its value the API key. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiKey(
        @Required
        @JsonPropertyDescription("Secret whose keys are principal names and whose values are their API keys; mounted at /etc/mcp-fleet/apikeys/.")
        String secretName,

        @Default("X-API-Key")
        @JsonPropertyDescription("Request header that carries the key (Authorization: Bearer is accepted too).")
        String header) {

    public ApiKey {
        header = or(header, "X-API-Key");
    }
}
