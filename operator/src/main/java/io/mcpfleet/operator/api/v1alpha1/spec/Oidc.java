package io.mcpfleet.operator.api.v1alpha1.spec;

import java.util.List;

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
        String jwksUri,

        @JsonPropertyDescription("This server's canonical URL (RFC 8707), published in the RFC 9728 metadata; set it in production. Default: derived from the request.")
        String resource,

        @JsonPropertyDescription("Scopes every token must carry (else 403 insufficient_scope); advertised as scopes_supported.")
        List<String> requiredScopes,

        @JsonPropertyDescription("Claim holding the caller's roles. Server default: roles.")
        String rolesClaim,

        @Pattern(Defaults.DURATION)
        @JsonPropertyDescription("Tolerance for exp/nbf, at most 5m. Server default: 30s.")
        String clockSkew,

        @Pattern(Defaults.DURATION)
        @JsonPropertyDescription("How often the JWKS is re-fetched. Server default: 10m.")
        String jwksRefresh) {
}
