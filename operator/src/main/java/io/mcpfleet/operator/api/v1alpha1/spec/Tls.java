package io.mcpfleet.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.ValidationRule;

/** HTTPS for the server: cert-manager issues the certificate, or you name a kubernetes.io/tls Secret. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.issuerRef) != has(self.secretName)", message = "tls needs exactly one of issuerRef (cert-manager) or secretName")
public record Tls(
        @JsonPropertyDescription("cert-manager issuer of the certificate: the operator creates the Certificate <name>-tls (Secret <name>-tls) for the Ingress host and, see serviceNames, the Service's DNS names. Needs cert-manager in the cluster.")
        IssuerRef issuerRef,

        @JsonPropertyDescription("Existing Secret with tls.crt and tls.key.")
        String secretName,

        @JsonPropertyDescription("With issuerRef: also put the Service's DNS names (<name>, <name>.<namespace>, <name>.<namespace>.svc, <name>.<namespace>.svc.cluster.local) in the certificate, so in-cluster clients can verify the pods end to end. Default: true without an Ingress, false with one (public ACME issuers refuse cluster-internal names).")
        Boolean serviceNames,

        @JsonPropertyDescription("Local runs only: PEM certificate file. Pods read /etc/mcp-fleet/tls/tls.crt.")
        String certFile,

        @JsonPropertyDescription("Local runs only: PEM private key file. Pods read /etc/mcp-fleet/tls/tls.key.")
        String keyFile) {

    /** Whether the cert-manager certificate names the Service too (see serviceNames). */
    public boolean certificateNamesService(boolean hasIngress) {
        return serviceNames != null ? serviceNames : !hasIngress;
    }
}
