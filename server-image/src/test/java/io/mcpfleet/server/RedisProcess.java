package io.mcpfleet.server;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} on a free loopback port, started and killed by the test (no persistence), with a
 * tiny RESP client to look at what the server wrote. Tests using it are skipped, with a message, only where the
 * binary is not installed (CI installs it: .ci/run).
 */
public final class RedisProcess implements AutoCloseable {

  public final int port;
  private final List<String> extraArgs;
  private Process process;

  private RedisProcess(int port, List<String> extraArgs) {
    this.port = port;
    this.extraArgs = extraArgs;
  }

  /** Starts redis-server, or skips the calling test when the binary is absent. */
  public static RedisProcess start(String... extraArgs) {
    assumeTrue(binary() != null, "redis-server is not installed (apt-get install redis-server): skipping the Redis tests");
    RedisProcess r = new RedisProcess(TestServer.freePort(), List.of(extraArgs));
    r.launch();
    return r;
  }

  static String binary() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
      File f = new File(dir, "redis-server");
      if (f.canExecute()) {
        return f.getPath();
      }
    }
    File sbin = new File("/usr/sbin/redis-server");
    return sbin.canExecute() ? sbin.getPath() : null;
  }

  /** A loopback port nothing listens on (for an unreachable Redis). */
  public static int unusedPort() {
    return TestServer.freePort();
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  public long pid() {
    return process.pid();
  }

  /** (Re)starts the server on the same port; returns once it answers PING. */
  public void launch() {
    List<String> cmd = new ArrayList<>(List.of(binary(), "--port", Integer.toString(port), "--save", "", "--appendonly", "no",
        "--bind", "127.0.0.1"));
    cmd.addAll(extraArgs);
    try {
      process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long deadline = System.currentTimeMillis() + 10_000;
    while (true) {
      try {
        if ("PONG".equals(command(List.of("PING")))) {
          return;
        }
      } catch (IOException | RuntimeException e) {
        // not listening yet
      }
      if (!process.isAlive() || System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("redis-server did not start on port " + port);
      }
      sleep(20);
    }
  }

  /** Kills the server (SIGKILL: an abrupt loss, as a crashed pod); returns once it is gone. */
  public void stop() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** SIGSTOP / SIGCONT: Redis keeps its connections but answers nothing, the case command timeouts are for. */
  public void pause(boolean paused) {
    try {
      Process kill = new ProcessBuilder("kill", paused ? "-STOP" : "-CONT", Long.toString(process.pid())).start();
      kill.waitFor(5, TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One command over a fresh connection; the reply as text (integers as digits, nil as null, errors thrown). */
  public String cli(String... args) {
    try {
      return command(List.of(args));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String command(List<String> args) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      s.setSoTimeout(2000);
      int pass = extraArgs.indexOf("--requirepass");
      if (pass >= 0) {
        roundTrip(s, List.of("AUTH", extraArgs.get(pass + 1)));
      }
      return roundTrip(s, args);
    }
  }

  private static String roundTrip(Socket s, List<String> args) throws IOException {
    StringBuilder out = new StringBuilder("*" + args.size() + "\r\n");
    for (String a : args) {
      out.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
    }
    OutputStream os = s.getOutputStream();
    os.write(out.toString().getBytes(StandardCharsets.UTF_8));
    os.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
    return reply(in);
  }

  private static String reply(BufferedReader in) throws IOException {
    String line = in.readLine();
    if (line == null) {
      throw new IOException("connection closed");
    }
    char type = line.charAt(0);
    String rest = line.substring(1);
    switch (type) {
      case '+', ':' -> {
        return rest;
      }
      case '-' -> throw new IllegalStateException(rest);
      case '$' -> {
        int len = Integer.parseInt(rest);
        if (len < 0) {
          return null;
        }
        char[] buf = new char[len];
        int read = 0;
        while (read < len) {
          read += in.read(buf, read, len - read);
        }
        in.readLine();
        return new String(buf);
      }
      case '*' -> {
        int n = Integer.parseInt(rest);
        List<String> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          items.add(reply(in));
        }
        return String.join(",", items);
      }
      default -> throw new IOException("unexpected reply: " + line);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (process != null) {
      pause(false); // a paused server ignores SIGTERM but not SIGKILL; be sure either way
      stop();
    }
  }
}
