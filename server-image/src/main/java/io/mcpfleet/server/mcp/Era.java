package io.mcpfleet.server.mcp;

/** The two generations of MCP a request may belong to; decided per request by the transport. */
public enum Era {
  /** 2025-03-26 to 2025-11-25: initialize handshake and Mcp-Session-Id. */
  HANDSHAKE,
  /** 2026-07-28 and later: stateless, every request self-describing through {@code _meta}. */
  MODERN
}
