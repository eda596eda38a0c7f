package io.mcpfleet.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Where Redis is and which Secret holds its password. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Redis(
        @Required @Pattern("^rediss?://.+")
        @JsonPropertyDescription("Redis URL, e.g. redis://redis:6379 (rediss:// for TLS).")
        String url,

        @JsonPropertyDescription("Secret with key 'password', mounted at /etc/mcp-fleet/redis/.")
        String secretName) {
}
