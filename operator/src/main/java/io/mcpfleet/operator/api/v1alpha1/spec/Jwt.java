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
        Rotation rotation) {

    public static final Jwt DEFAULT = new Jwt(null, null, null, null, null);

    public Jwt {
        algorithm = or(algorithm, "RS256");
        rotation = or(rotation, Rotation.DEFAULT);
    }
}
