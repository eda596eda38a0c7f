package io.mcpfleet.operator.api.v1alpha1.spec;

import static io.mcpfleet.operator.api.v1alpha1.spec.Defaults.or;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/** Authentication of MCP clients. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.mode != 'oidc' || has(self.oidc)", message = "auth.mode oidc needs auth.oidc with issuerUrl")
@ValidationRule(value = "self.mode != 'apiKey' || has(self.apiKey)", message = "auth.mode apiKey needs auth.apiKey.secretName")
public record Auth(
        @Default("none") @Pattern("^(none|jwt|oidc|apiKey)$")
        @JsonPropertyDescription("none: anyone who reaches the server; jwt: bearer tokens signed with keys the operator generates (or you give); oidc: tokens from an external OAuth 2.1 / OIDC issuer; apiKey: static keys from a Secret.")
        String mode,

        @JsonPropertyDescription("Settings for mode jwt.")
        Jwt jwt,

        @JsonPropertyDescription("Settings for mode oidc.")
        Oidc oidc,

        @JsonPropertyDescription("Settings for mode apiKey.")
        ApiKey apiKey) {

    public static final Auth DEFAULT = new Auth(null, null, null, null);

    public Auth {
        mode = or(mode, "none");
        if ("jwt".equals(mode)) {
            jwt = or(jwt, Jwt.DEFAULT);
        }
    }

    /** JWT with keys the operator generates and owns (no secretName given). */
    public boolean operatorOwnsKeys() {
        return "jwt".equals(mode) && (jwt.secretName() == null || jwt.secretName().isEmpty());
    }
}
