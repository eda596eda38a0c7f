package io.mcpfleet.operator.api.v1alpha1.spec;

import static io.mcpfleet.operator.api.v1alpha1.spec.Defaults.or;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/** Handshake-era sessions: in the pod's memory, or in Redis so any pod can serve them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.store != 'redis' || has(self.redis)", message = "sessions.store redis needs sessions.redis.url")
public record Sessions(
        @Default("memory") @Pattern("^(memory|redis)$")
        @JsonPropertyDescription("memory (sticky to a pod; lost on restart) or redis (shared by the fleet).")
        String store,

        @Default("1h") @Pattern(Defaults.DURATION)
        @JsonPropertyDescription("Idle session lifetime.")
        String ttl,

        @JsonPropertyDescription("Redis connection for store redis.")
        Redis redis) {

    public static final Sessions DEFAULT = new Sessions(null, null, null);

    public Sessions {
        store = or(store, "memory");
        ttl = or(ttl, "1h");
    }
}
