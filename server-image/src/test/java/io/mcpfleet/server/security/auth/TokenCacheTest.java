package io.mcpfleet.server.security.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpfleet.server.security.Principal;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The verified-token cache: bounded, never past exp, blind to entries of an older key set, keyed by a hash. */
class TokenCacheTest {

  private static Principal until(long expiresAt) {
    return new Principal("p", Set.of(), expiresAt, "jwt");
  }

  @Test
  void staysWithinItsBound() {
    TokenCache cache = new TokenCache(100);
    long later = System.currentTimeMillis() + 60_000;
    for (int i = 0; i < 1_000; i++) {
      cache.put(TokenCache.key("t" + i), until(later), 0);
    }
    assertThat(cache.size()).isLessThanOrEqualTo(100);
    assertThat(cache.get(TokenCache.key("t999"), 0)).as("the newest entry survives eviction").isNotNull();
  }

  @Test
  void neverServesAnExpiredOrStaleEntry() throws InterruptedException {
    TokenCache cache = new TokenCache(100);
    String k = TokenCache.key("token");
    cache.put(k, until(System.currentTimeMillis() + 50), 3);
    assertThat(cache.get(k, 3)).isNotNull();
    assertThat(cache.get(k, 4)).as("the key set changed").isNull();
    cache.put(k, until(System.currentTimeMillis() + 50), 3);
    Thread.sleep(80);
    assertThat(cache.get(k, 3)).as("past exp").isNull();
    cache.put(k, until(System.currentTimeMillis() - 1), 3);
    assertThat(cache.size()).as("already expired (accepted within the skew): not cached").isZero();
  }

  @Test
  void keysAreHashesNotTokens() {
    String token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln";
    assertThat(TokenCache.key(token)).doesNotContain("eyJ").hasSize(44).isEqualTo(TokenCache.key(token));
  }
}
