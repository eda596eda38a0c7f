package io.mcpfleet.server.security.auth;

import io.mcpfleet.server.security.Principal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verified tokens, so that an RS256/ES256 signature is checked once per token rather than once per request.
 * Keyed by a SHA-256 of the token (the token itself is never kept), bounded, an entry never outlives the
 * token's {@code exp}, and entries from an older key set are ignored (a removed key stops working at once).
 */
final class TokenCache {

  private record Entry(Principal principal, long keyGeneration) {}

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private final int maxEntries;

  TokenCache(int maxEntries) {
    this.maxEntries = maxEntries;
  }

  static String key(String token) {
    return Base64.getEncoder().encodeToString(WatchedFile.sha256(token.getBytes(StandardCharsets.UTF_8)));
  }

  /** The principal of a token verified under key set {@code keyGeneration}, or null. */
  Principal get(String key, long keyGeneration) {
    Entry e = entries.get(key);
    if (e == null) {
      return null;
    }
    if (e.keyGeneration != keyGeneration || System.currentTimeMillis() >= e.principal.expiresAtMillis()) {
      entries.remove(key, e);
      return null;
    }
    return e.principal;
  }

  void put(String key, Principal principal, long keyGeneration) {
    long now = System.currentTimeMillis();
    if (now >= principal.expiresAtMillis()) {
      return; // accepted only within the clock skew: verify it again next time
    }
    if (entries.size() >= maxEntries) {
      evict(now, keyGeneration);
    }
    entries.put(key, new Entry(principal, keyGeneration));
  }

  /** Drops expired and stale entries; when that is not enough, an arbitrary tenth (bounded beats perfect). */
  private void evict(long now, long keyGeneration) {
    entries.values().removeIf(e -> e.keyGeneration != keyGeneration || now >= e.principal.expiresAtMillis());
    if (entries.size() >= maxEntries) {
      int drop = Math.max(1, maxEntries / 10);
      Iterator<String> it = entries.keySet().iterator();
      while (drop-- > 0 && it.hasNext()) {
        it.next();
        it.remove();
      }
    }
  }

  void clear() {
    entries.clear();
  }

  int size() {
    return entries.size();
  }
}
