package io.mcpfleet.operator.api.v1alpha1.spec;

import static io.mcpfleet.operator.api.v1alpha1.spec.Defaults.or;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** An Ingress in front of the Service. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Ingress(
        @Required @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
        @JsonPropertyDescription("Public host name, e.g. mcp.example.com. Also feeds the server's allowedHosts, cors.allowedOrigins, the default JWT audience and the OAuth resource URL (https://<host>/mcp), so they cannot drift apart.")
        String host,

        @JsonPropertyDescription("IngressClass name. Empty: the cluster default. nginx (or empty) gets SSE-friendly annotations (no proxy buffering, 1h read/send timeouts; with TLS, backend-protocol HTTPS; with in-memory sessions and more than one pod, hashing on Mcp-Session-Id).")
        String className,

        @Default("/") @Pattern("^/(mcp)?$")
        @JsonPropertyDescription("Path prefix routed to the server: / (everything, default) or /mcp (the MCP endpoint only; OAuth metadata under /.well-known then needs its own route).")
        String path,

        @JsonPropertyDescription("Annotations for the Ingress controller; they override the operator's defaults key by key.")
        Map<String, String> annotations) {

    public Ingress {
        path = or(path, "/");
    }
}
