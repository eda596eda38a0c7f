package io.mcpfleet.server.security.auth;

import io.mcpfleet.server.config.AuthConfig;
import io.mcpfleet.server.security.AuthException;
import io.mcpfleet.server.security.Authenticator;
import io.mcpfleet.server.security.Principal;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Auth mode {@code apiKey}: static keys, presented as {@code Authorization: Bearer <key>} or {@code X-API-Key}
 * (the header is configurable),
 * checked against SHA-256 hashes in a mounted file:
 * <pre>{"ci-bot": {"sha256": "&lt;64 hex chars&gt;", "roles": ["user"]}, ...}</pre>
 * The presented key is hashed and compared with every stored hash in constant time, always all of them, so
 * neither the position of a match nor a near miss shows in the timing. The file is re-read when it changes.
 */
public final class ApiKeyAuthenticator implements Authenticator {

  static final int MAX_KEY_CHARS = 4096;

  record StoredKey(String name, byte[] sha256, Set<String> roles) {}

  private final WatchedFile<List<StoredKey>> keys;
  private final String header;
  private final AtomicLong comparisons = new AtomicLong();

  public ApiKeyAuthenticator(Vertx vertx, AuthConfig.ApiKey config) {
    this.header = config.header();
    this.keys = new WatchedFile<>(vertx, config.keysFile(), "spec.auth.apiKey.keysFile", "API key set",
        ApiKeyAuthenticator::parse, list -> list.size() + " key(s) " + list.stream().map(StoredKey::name).toList(),
        JwtAuthenticator.RELOAD_INTERVAL);
  }

  @Override
  public Future<Principal> authenticate(HttpServerRequest request) {
    String presented = Credentials.bearer(request);
    if (presented == null) {
      presented = request.getHeader(header);
    }
    if (presented == null || presented.isBlank()) {
      return Future.failedFuture(AuthException.missing());
    }
    if (presented.length() > MAX_KEY_CHARS) {
      return Future.failedFuture(AuthException.invalid("malformed", "The API key is not valid"));
    }
    byte[] hash = WatchedFile.sha256(presented.trim().getBytes(StandardCharsets.UTF_8));
    StoredKey match = null;
    for (StoredKey k : keys.current()) {
      comparisons.incrementAndGet();
      if (MessageDigest.isEqual(hash, k.sha256()) & match == null) { // non-short-circuit: no early exit
        match = k;
      }
    }
    if (match == null) {
      return Future.failedFuture(AuthException.invalid("unknown_key", "The API key is not valid"));
    }
    return Future.succeededFuture(new Principal(match.name(), match.roles(), Long.MAX_VALUE, "apiKey"));
  }

  /** Hash comparisons made so far: one per stored key per request, whichever key matches (tests, metrics). */
  public long comparisons() {
    return comparisons.get();
  }

  public int keyCount() {
    return keys.current().size();
  }

  static List<StoredKey> parse(byte[] content) {
    JsonObject doc;
    try {
      doc = new JsonObject(new String(content, StandardCharsets.UTF_8));
    } catch (DecodeException e) {
      throw new IllegalArgumentException("not a JSON object of name -> {sha256, roles}");
    }
    List<StoredKey> out = new ArrayList<>();
    for (String name : doc.fieldNames()) {
      if (!(doc.getValue(name) instanceof JsonObject entry)) {
        throw new IllegalArgumentException("key '" + name + "' must be an object {sha256, roles}");
      }
      String hex = entry.getValue("sha256") instanceof String s ? s.trim() : null;
      if (hex == null || !hex.matches("[0-9a-fA-F]{64}")) {
        throw new IllegalArgumentException("key '" + name + "': sha256 must be 64 hex characters (the SHA-256 of the key)");
      }
      Set<String> roles = new LinkedHashSet<>();
      Object r = entry.getValue("roles");
      if (r != null && !(r instanceof JsonArray)) {
        throw new IllegalArgumentException("key '" + name + "': roles must be a list of strings");
      }
      if (r instanceof JsonArray a) {
        for (Object o : a) {
          if (!(o instanceof String s)) {
            throw new IllegalArgumentException("key '" + name + "': roles must be a list of strings");
          }
          roles.add(s);
        }
      }
      out.add(new StoredKey(name, HexFormat.of().parseHex(hex.toLowerCase()), Set.copyOf(roles)));
    }
    return List.copyOf(out);
  }

  /** The hex SHA-256 to store for a key (what {@code keys.json} holds). */
  public static String hash(String key) {
    return HexFormat.of().formatHex(WatchedFile.sha256(key.getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public void close() {
    keys.close();
  }
}
