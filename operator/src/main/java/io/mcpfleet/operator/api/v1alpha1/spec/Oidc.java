package io.mcpfleet.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** An external OAuth 2.1 authorization server whose tokens the server accepts. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Oidc(
        @Required @Pattern("^https://.+")
        @JsonPropertyDescription("Issuer URL (iss claim); also advertised in /.well-known/oauth-protected-resource.")
        String issuerUrl,

        @JsonPropertyDescription("Expected aud claim, usually the server's public URL.")
        String audience,

        @Pattern("^https://.+")
        @JsonPropertyDescription("JWKS URL. Empty: discovered from the issuer's metadata.")
        String jwksUri) {
}
