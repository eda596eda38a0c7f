package io.mcpfleet.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS with a real certificate made by openssl, TLS 1.2+ only, and a renewal picked up without restart. */
class TlsTest {

  @TempDir Path dir;

  private void certificate(String cn, Path cert, Path key) throws Exception {
    Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
        "-nodes", "-days", "1", "-subj", "/CN=" + cn, "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
        "-keyout", key.toString(), "-out", cert.toString()).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor()).as(new String(out)).isZero();
  }

  private static boolean opensslPresent() {
    try {
      return new ProcessBuilder("openssl", "version").start().waitFor() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private static HttpClient trusting(Path... certs) throws Exception {
    KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
    ks.load(null, null);
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    int i = 0;
    for (Path c : certs) {
      try (InputStream in = Files.newInputStream(c)) {
        ks.setCertificateEntry("c" + i++, cf.generateCertificate(in));
      }
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(ctx).version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  @Test
  void servesHttpsAndPicksUpARenewedCertificateWithoutRestart() throws Exception {
    assumeTrue(opensslPresent(), "openssl is needed to make test certificates");
    Path cert = dir.resolve("tls.crt");
    Path key = dir.resolve("tls.key");
    certificate("first", cert, key);
    Path firstCopy = Files.copy(cert, dir.resolve("first.crt"));
    try (TestServer s = TestServer.start("""
        tls: {certFile: %s, keyFile: %s}
        tools: []
        """.formatted(cert, key))) {
      assertThat(s.mcp.getScheme()).isEqualTo("https");
      Path second = dir.resolve("second.crt");
      Path secondKey = dir.resolve("second.key");
      certificate("second", second, secondKey);
      HttpClient client = trusting(firstCopy, second);
      HttpRequest health = HttpRequest.newBuilder(s.mcp.resolve("/health")).GET().build();

      HttpResponse<String> r = client.send(health, HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Strict-Transport-Security")).isPresent();
      assertThat(peer(r).getSubjectX500Principal().getName()).isEqualTo("CN=first");
      BigInteger firstSerial = peer(r).getSerialNumber();

      // cert-manager renews in place: both files change
      Files.copy(second, cert, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Files.copy(secondKey, key, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      String subject = null;
      for (int i = 0; i < 50 && !"CN=second".equals(subject); i++) {
        Thread.sleep(100);
        HttpClient fresh = trusting(firstCopy, second); // a new connection, so a new handshake
        subject = peer(fresh.send(health, HttpResponse.BodyHandlers.ofString())).getSubjectX500Principal().getName();
      }
      assertThat(subject).isEqualTo("CN=second");
      assertThat(firstSerial).isNotNull();
    }
  }

  @Test
  void refusesTls11() throws Exception {
    assumeTrue(opensslPresent(), "openssl is needed to make test certificates");
    Path cert = dir.resolve("tls.crt");
    Path key = dir.resolve("tls.key");
    certificate("only", cert, key);
    try (TestServer s = TestServer.start("tls: {certFile: %s, keyFile: %s}\ntools: []".formatted(cert, key))) {
      SSLParameters old = new SSLParameters();
      old.setProtocols(new String[] {"TLSv1.1"});
      HttpClient client = HttpClient.newBuilder().sslContext(SSLContext.getDefault()).sslParameters(old).build();
      assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(s.mcp.resolve("/health")).build(),
          HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
    }
  }

  private static X509Certificate peer(HttpResponse<?> r) throws Exception {
    return (X509Certificate) r.sslSession().orElseThrow().getPeerCertificates()[0];
  }
}
