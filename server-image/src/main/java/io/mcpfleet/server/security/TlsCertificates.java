package io.mcpfleet.server.security;

import io.mcpfleet.server.config.ConfigException;
import io.mcpfleet.server.config.ServerConfig;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.ServerSSLOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTPS from a PEM certificate and key on disk, TLS 1.2 and 1.3 only. cert-manager renews certificates in
 * place and kubelet swaps the mounted files, so the files are watched and every listening server takes
 * the new pair without a restart; connections already open keep the certificate they started with.
 */
public final class TlsCertificates {

  private static final Logger LOG = LoggerFactory.getLogger(TlsCertificates.class);
  private static final Set<String> PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");

  private final ServerConfig.Tls config;
  private volatile byte[] cert;
  private volatile byte[] key;
  private long watcher = -1;

  public TlsCertificates(ServerConfig.Tls config) {
    this.config = config;
    if (config.enabled()) {
      cert = read(config.certFile(), "spec.tls.certFile");
      key = read(config.keyFile(), "spec.tls.keyFile");
    }
  }

  public boolean enabled() {
    return config.enabled();
  }

  /** Sets up HTTPS on a server's options (nothing when TLS is off). */
  public void configure(HttpServerOptions options) {
    if (!enabled()) {
      return;
    }
    options.setSsl(true).setKeyCertOptions(pem(cert, key)).setEnabledSecureTransportProtocols(PROTOCOLS);
  }

  /** Polls the files; a changed, readable pair is pushed to every server. A half-written pair is skipped. */
  public void watch(Vertx vertx, long periodMillis, List<HttpServer> servers) {
    if (!enabled()) {
      return;
    }
    watcher = vertx.setPeriodic(periodMillis, id -> vertx.<byte[][]>executeBlocking(() -> {
      byte[] c = Files.readAllBytes(Path.of(config.certFile()));
      byte[] k = Files.readAllBytes(Path.of(config.keyFile()));
      return new byte[][] {c, k};
    }, false).onSuccess(pair -> {
      if (Arrays.equals(pair[0], cert) && Arrays.equals(pair[1], key)) {
        return;
      }
      ServerSSLOptions ssl = new ServerSSLOptions().setKeyCertOptions(pem(pair[0], pair[1]))
          .setEnabledSecureTransportProtocols(PROTOCOLS);
      for (HttpServer s : servers) {
        s.updateSSLOptions(ssl, true)
            .onSuccess(v -> {
              cert = pair[0];
              key = pair[1];
            })
            .onFailure(err -> LOG.warn("new TLS certificate rejected, keeping the current one: {}", err.getMessage()));
      }
      LOG.info("TLS certificate reloaded from {}", config.certFile());
    }).onFailure(err -> LOG.warn("cannot read TLS files, keeping the current certificate: {}", err.getMessage())));
  }

  public void close(Vertx vertx) {
    if (watcher >= 0) {
      vertx.cancelTimer(watcher);
    }
  }

  private static PemKeyCertOptions pem(byte[] cert, byte[] key) {
    return new PemKeyCertOptions().setCertValue(Buffer.buffer(cert)).setKeyValue(Buffer.buffer(key));
  }

  private static byte[] read(String file, String key) {
    try {
      return Files.readAllBytes(Path.of(file));
    } catch (IOException e) {
      throw new ConfigException(key, "cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
    }
  }
}
