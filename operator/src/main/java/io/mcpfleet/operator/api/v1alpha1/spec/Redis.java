package io.mcpfleet.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Where Redis is and which Secret holds its password. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Redis(
        @Required @Pattern("^rediss?://.+")
        @JsonPropertyDescription("Redis URL, e.g. redis://redis:6379/0 (rediss:// for TLS). Required when sessions.store or rateLimit.store is redis.")
        String url,

        @JsonPropertyDescription("Secret with key 'password', mounted at /etc/mcp-fleet/redis/ (the server reads /etc/mcp-fleet/redis/password at start).")
        String secretName,

        @JsonPropertyDescription("Password file the server reads at start. Server default: /etc/mcp-fleet/redis/password when it exists; set explicitly, it must exist.")
        String passwordFile,

        @Pattern(Defaults.DURATION)
        @JsonPropertyDescription("Connect and per-command timeout, at most 1m. Server default: 1s.")
        String timeout,

        @JsonPropertyDescription("Prefix of every key, so several McpServers can share one Redis. Server default: mcp-fleet:<metadata.name>:.")
        String keyPrefix) {
}
