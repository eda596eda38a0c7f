package io.mcpfleet.operator.api.v1alpha1.spec;

import static io.mcpfleet.operator.api.v1alpha1.spec.Defaults.or;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Reference to a cert-manager Issuer or ClusterIssuer. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IssuerRef(
        @Required
        @JsonPropertyDescription("Issuer name.")
        String name,

        @Default("Issuer") @Pattern("^(Issuer|ClusterIssuer)$")
        @JsonPropertyDescription("Issuer or ClusterIssuer.")
        String kind,

        @Default("cert-manager.io")
        @JsonPropertyDescription("API group of the issuer.")
        String group) {

    public IssuerRef {
        kind = or(kind, "Issuer");
        group = or(group, "cert-manager.io");
    }
}
