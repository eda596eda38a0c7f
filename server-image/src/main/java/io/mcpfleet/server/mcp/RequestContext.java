package io.mcpfleet.server.mcp;

import io.mcpfleet.server.security.Principal;
import io.mcpfleet.server.tools.Cancellation;
import io.vertx.core.json.JsonObject;
import java.util.function.Consumer;

/**
 * What the dispatcher knows of a request beyond method and params: its era and version, who asks (and
 * the key their rate limits are counted under), where notifications for it may go (null when the response
 * is plain JSON), and its cancellation signal.
 */
public record RequestContext(
    Era era,
    String protocolVersion,
    Principal principal,
    String requestId,
    String clientKey,
    Consumer<JsonObject> notifications,
    Cancellation cancellation) {}
