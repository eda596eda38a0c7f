package io.mcpfleet.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The server's version, stamped into the jar by the build. */
final class Version {

  private Version() {}

  static String current() {
    try (InputStream in = Version.class.getResourceAsStream("/mcp-fleet.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      String v = p.getProperty("version", "dev");
      return v.startsWith("${") ? "dev" : v;
    } catch (IOException e) {
      return "dev";
    }
  }
}
