package io.mcpfleet.server.mcp;

import java.util.List;

/** The MCP revisions this server speaks, newest first, and the era each belongs to. */
public final class ProtocolVersions {

  public static final String MODERN = "2026-07-28";
  public static final String LATEST_HANDSHAKE = "2025-11-25";
  /** The version assumed for a handshake-era request that names none (per the 2025-06-18 transport). */
  public static final String DEFAULT_HANDSHAKE = "2025-03-26";
  public static final List<String> HANDSHAKE = List.of("2025-11-25", "2025-06-18", "2025-03-26");
  public static final List<String> ALL = List.of(MODERN, "2025-11-25", "2025-06-18", "2025-03-26");

  public static final String META_PROTOCOL_VERSION = "io.modelcontextprotocol/protocolVersion";
  public static final String META_CLIENT_CAPABILITIES = "io.modelcontextprotocol/clientCapabilities";
  public static final String META_CLIENT_INFO = "io.modelcontextprotocol/clientInfo";
  public static final String META_SERVER_INFO = "io.modelcontextprotocol/serverInfo";

  private ProtocolVersions() {}

  public static boolean isHandshake(String version) {
    return HANDSHAKE.contains(version);
  }

  /** Revisions from 2026-07-28 on are stateless; dates compare as strings. */
  public static boolean isModern(String version) {
    return version.compareTo(MODERN) >= 0;
  }
}
