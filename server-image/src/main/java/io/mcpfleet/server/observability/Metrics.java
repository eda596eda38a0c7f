package io.mcpfleet.server.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The server's Prometheus metrics (names in docs/observability.md). Micrometer is used directly rather
 * than through vertx-micrometer-metrics: the useful labels are MCP ones (method, tool, era, outcome), and
 * Vert.x's own per-request HTTP meters would only duplicate them on the hot path.
 */
public final class Metrics {

  private static final Duration[] SLOS = {
    Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
    Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
    Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)
  };

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<String, Counter> requests = new ConcurrentHashMap<>();
  private final Map<String, Timer> durations = new ConcurrentHashMap<>();
  private final Map<String, Counter> rateLimited = new ConcurrentHashMap<>();
  private final Map<String, Counter> authFailures = new ConcurrentHashMap<>();
  private final Counter overloaded;

  public Metrics() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    overloaded = Counter.builder("mcp.overload.rejections").description("Requests refused with 503 because the server was full")
        .register(registry);
  }

  /** One finished MCP request. {@code tool} is empty for methods other than tools/call. */
  public void request(String method, String tool, String era, String outcome, long nanos) {
    String key = method + '\u0000' + tool + '\u0000' + era + '\u0000' + outcome;
    requests.computeIfAbsent(key, k -> Counter.builder("mcp.requests")
            .description("MCP requests by method, tool, protocol era and outcome")
            .tags("method", method, "tool", tool, "era", era, "outcome", outcome)
            .register(registry))
        .increment();
    durations.computeIfAbsent(method + '\u0000' + era, k -> Timer.builder("mcp.request.duration")
            .description("Time from an MCP request's arrival to its response")
            .tags("method", method, "era", era)
            .serviceLevelObjectives(SLOS)
            .register(registry))
        .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  public void rateLimited(String scope) {
    rateLimited.computeIfAbsent(scope, s -> Counter.builder("mcp.rate.limited")
        .description("Requests refused with 429, by the limit that tripped").tags("scope", s).register(registry)).increment();
  }

  public void authFailure(String reason) {
    authFailures.computeIfAbsent(reason, r -> Counter.builder("mcp.auth.failures")
        .description("Requests refused with 401/403, by reason").tags("reason", r).register(registry)).increment();
  }

  public void overloaded() {
    overloaded.increment();
  }

  public void gauge(String name, String description, Supplier<Number> value) {
    Gauge.builder(name, value).description(description).register(registry);
  }

  /** A labelled gauge: one time series per {@code tag} value. */
  public void gauge(String name, String description, String tagKey, String tagValue, Supplier<Number> value) {
    Gauge.builder(name, value).description(description).tags(tagKey, tagValue).register(registry);
  }

  public String scrape() {
    return registry.scrape();
  }

  public void close() {
    registry.close();
  }
}
