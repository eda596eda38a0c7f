package io.mcpfleet.operator.api.v1alpha1.spec;

import static io.mcpfleet.operator.api.v1alpha1.spec.Defaults.or;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

/** Static API keys: SHA-256 hashes of the keys, with roles, in a Secret the operator mounts. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiKey(
        @Required
        @JsonPropertyDescription("Secret with key keys.json ({\"<name>\": {\"sha256\": \"<hex SHA-256 of the key>\", \"roles\": [...]}}), mounted at /etc/mcp-fleet/apikeys/.")
        String secretName,

        @Default("X-API-Key")
        @JsonPropertyDescription("Request header that carries the key (Authorization: Bearer is accepted too).")
        String header,

        @JsonPropertyDescription("Local runs only: path of keys.json. Pods always read /etc/mcp-fleet/apikeys/keys.json.")
        String keysFile) {

    public ApiKey {
        header = or(header, "X-API-Key");
    }
}
