package io.mcpfleet.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.ValidationRule;

/** HTTPS for the server: cert-manager issues the certificate, or you name a kubernetes.io/tls Secret. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.issuerRef) != has(self.secretName)", message = "tls needs exactly one of issuerRef (cert-manager) or secretName")
public record Tls(
        @JsonPropertyDescription("cert-manager issuer of the certificate (needs cert-manager in the cluster).")
        IssuerRef issuerRef,

        @JsonPropertyDescription("Existing Secret with tls.crt and tls.key.")
        String secretName,

        @JsonPropertyDescription("Local runs only: PEM certificate file. Pods read /etc/mcp-fleet/tls/tls.crt.")
        String certFile,

        @JsonPropertyDescription("Local runs only: PEM private key file. Pods read /etc/mcp-fleet/tls/tls.key.")
        String keyFile) {
}
