package io.mcpfleet.operator.api.v1alpha1.spec;

import static io.mcpfleet.operator.api.v1alpha1.spec.Defaults.or;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Calls an HTTP API; url, query, headers and body are templates over the tool's arguments. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HttpHandler(
        @Default("GET") @Pattern("^(GET|POST|PUT|PATCH|DELETE)$")
        @JsonPropertyDescription("HTTP method: GET, POST, PUT, PATCH or DELETE.")
        String method,

        @Required @Pattern("^https?://.+")
        @JsonPropertyDescription("URL template, e.g. https://api.example.com/w?city={{city}}; arguments are URL-encoded.")
        String url,

        @JsonPropertyDescription("Query parameters added to the URL; values are templates.")
        Map<String, String> query,

        @JsonPropertyDescription("Request headers; values are templates.")
        Map<String, String> headers,

        @JsonPropertyDescription("Headers from a Secret in the same namespace: every key becomes a header (for API keys). Mounted into the pods at /etc/mcp-fleet/secrets/<secretName>/, never put in the ConfigMap.")
        SecretRef headersFrom,

        @PreserveUnknownFields
        @JsonPropertyDescription("Request body: a string template, or a JSON value whose strings are templates (JSON-escaped).")
        JsonNode body) {

    public HttpHandler {
        method = or(method, "GET");
    }
}
