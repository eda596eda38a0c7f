package io.mcpfleet.operator.reconciler;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Produces;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.mcpfleet.operator.dependent.OperatorSettings;

/** Operator settings from application.properties / env (MCP_FLEET_SERVER_IMAGE). */
@ApplicationScoped
public class SettingsProducer {

    @ConfigProperty(name = "mcp-fleet.server-image")
    String serverImage;

    // Singleton, not a normal scope: a record is final and cannot be proxied.
    @Produces
    @Singleton
    OperatorSettings settings() {
        return new OperatorSettings(serverImage);
    }
}
