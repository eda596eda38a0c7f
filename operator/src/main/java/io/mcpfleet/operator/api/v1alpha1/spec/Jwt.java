package io.mcpfleet.operator.api.v1alpha1.spec;

import static io.mcpfleet.operator.api.v1alpha1.spec.Defaults.or;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

/** Bearer tokens signed with an operator-generated (or given) key set. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Jwt(
        @Default("RS256") @Pattern("^(HS256|RS256|ES256)$")
        @JsonPropertyDescription("Signature algorithm: RS256 (default), ES256 or HS256 (shared secret: the verify set then holds it too).")
        String algorithm,

        @JsonPropertyDescription("Expected iss claim; empty: not checked.")
        String issuer,

        @JsonPropertyDescription("Expected aud claim; empty: not checked.")
        String audience,

        @JsonPropertyDescription("Secret (key jwks.json) with the verification key set, managed by you. Empty: the operator generates a signing key once, keeps it in <name>-jwt-signing and publishes the public part in <name>-jwt-verify.")
        String secretName,

        @JsonPropertyDescription("Key rotation of operator-generated keys: bump generation to rotate.")
        Rotation rotation,

        @JsonPropertyDescription("Local runs only: path of the verification JWK set. Pods always read /etc/mcp-fleet/jwt/jwks.json (the operator leaves this out of the pod's configuration).")
        String keysFile,

        @JsonPropertyDescription("Local runs only: signing JWK set for the server's token command; never mounted into pods.")
        String signingKeysFile,

        @JsonPropertyDescription("Claim holding the caller's roles (array or space-separated string); scope/scp are added as roles too. Server default: roles.")
        String rolesClaim,

        @Pattern(Defaults.DURATION)
        @JsonPropertyDescription("Tolerance for exp/nbf, at most 5m. Server default: 30s.")
        String clockSkew) {

    public static final Jwt DEFAULT = new Jwt(null, null, null, null, null, null, null, null, null);

    public Jwt {
        algorithm = or(algorithm, "RS256");
        rotation = or(rotation, Rotation.DEFAULT);
    }
}
