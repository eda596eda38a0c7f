package io.mcpfleet.server.mcp;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque pagination cursors. A cursor carries the offset and a fingerprint of the tool list it was cut
 * from, so a cursor from another configuration (a rolled pod) is refused instead of skipping tools.
 */
final class Cursors {

  private Cursors() {}

  static String encode(int offset, int fingerprint) {
    String raw = "v1:" + Integer.toHexString(fingerprint) + ":" + offset;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** The offset the cursor points at; throws invalid params for anything this server did not issue. */
  static int decode(Object cursor, int fingerprint, int size) {
    if (!(cursor instanceof String s) || s.isEmpty() || s.length() > 64) {
      throw McpException.invalidParams("Invalid cursor");
    }
    try {
      String[] parts = new String(Base64.getUrlDecoder().decode(s), StandardCharsets.UTF_8).split(":");
      if (parts.length != 3 || !parts[0].equals("v1") || !parts[1].equals(Integer.toHexString(fingerprint))) {
        throw McpException.invalidParams("Invalid cursor");
      }
      int offset = Integer.parseInt(parts[2]);
      if (offset <= 0 || offset >= size) {
        throw McpException.invalidParams("Invalid cursor");
      }
      return offset;
    } catch (IllegalArgumentException e) {
      throw McpException.invalidParams("Invalid cursor");
    }
  }
}
