package io.mcpfleet.server.security.auth;

import io.mcpfleet.server.config.ConfigException;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small mounted file (a key set) parsed into a value and re-read when its content changes. Kubernetes updates
 * a mounted Secret by swapping a symlink, so polling the content (not inotify, not the mtime of the link) is the
 * reliable signal. The first load happens in the constructor and fails loudly; later loads that fail keep the
 * previous value and log a warning, so a half-written file never takes the server's keys away.
 *
 * <p>Readers call {@link #current()} once per request and work with that snapshot: a swap never changes the
 * keys under a request in flight.
 */
final class WatchedFile<T> implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WatchedFile.class);
  static final int MAX_BYTES = 1 << 20;

  /** Parses the file's bytes. Exception messages are logged, so they must describe, never quote, the content. */
  @FunctionalInterface
  interface Parser<T> {
    T parse(byte[] content) throws Exception;
  }

  /** Describes a loaded value for the log (key ids, counts), never its secret parts. */
  @FunctionalInterface
  interface Describer<T> {
    String describe(T value);
  }

  private final Vertx vertx;
  private final Path path;
  private final String what;
  private final Parser<T> parser;
  private final Describer<T> describer;
  private final long timerId;
  private final AtomicBoolean polling = new AtomicBoolean();
  private final AtomicLong generation = new AtomicLong();
  private volatile T current;
  private volatile byte[] digest;
  private volatile String lastProblem;

  /**
   * @param configKey the spec key that names the file, for the startup error
   * @param what what the file holds, for log lines ("JWT verification key set")
   */
  WatchedFile(Vertx vertx, Path path, String configKey, String what, Parser<T> parser, Describer<T> describer,
      Duration interval) {
    this.vertx = vertx;
    this.path = path;
    this.what = what;
    this.parser = parser;
    this.describer = describer;
    byte[] content;
    try {
      content = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new ConfigException(configKey, path + ": no such file");
    } catch (IOException e) {
      throw new ConfigException(configKey, path + ": cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    try {
      this.current = parse(content);
    } catch (Exception e) {
      throw new ConfigException(configKey, path + ": " + e.getMessage());
    }
    this.digest = sha256(content);
    LOG.info("{} loaded from {}: {}", what, path, describer.describe(current));
    this.timerId = vertx.setPeriodic(interval.toMillis(), id -> poll());
  }

  T current() {
    return current;
  }

  /** Bumped on every successful reload; caches of derived results compare it. */
  long generation() {
    return generation.get();
  }

  private T parse(byte[] content) throws Exception {
    if (content.length > MAX_BYTES) {
      throw new IllegalArgumentException("larger than " + MAX_BYTES + " bytes");
    }
    return parser.parse(content);
  }

  private void poll() {
    if (!polling.compareAndSet(false, true)) {
      return; // a slow read is still running
    }
    vertx.fileSystem().readFile(path.toString()).onComplete(ar -> {
      try {
        if (ar.failed()) {
          problem("cannot be read (" + ar.cause().getClass().getSimpleName() + ")");
          return;
        }
        byte[] content = ar.result().getBytes();
        byte[] d = sha256(content);
        if (Arrays.equals(d, digest)) {
          lastProblem = null;
          return;
        }
        T next;
        try {
          next = parse(content);
        } catch (Exception e) {
          problem("changed but is not valid (" + e.getMessage() + "); keeping the previous one");
          return;
        }
        current = next;
        digest = d;
        lastProblem = null;
        generation.incrementAndGet();
        LOG.info("{} reloaded from {}: {}", what, path, describer.describe(next));
      } finally {
        polling.set(false);
      }
    });
  }

  private void problem(String problem) {
    if (!problem.equals(lastProblem)) { // once per distinct problem, not every second
      LOG.warn("{} {} {}", what, path, problem);
      lastProblem = problem;
    }
  }

  static byte[] sha256(byte[] content) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(content);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    vertx.cancelTimer(timerId);
  }
}
