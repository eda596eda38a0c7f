package io.mcpfleet.server.observability;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.tracing.opentelemetry.OpenTelemetryOptions;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;
import java.util.concurrent.TimeUnit;

/**
 * OpenTelemetry traces over OTLP/HTTP when {@code observability.otlpEndpoint} is set: Vert.x opens a span
 * per HTTP request (honouring an incoming W3C {@code traceparent}) and the dispatcher one per tool call.
 * Without an endpoint nothing is installed and the tracer is a no-op, so tracing costs nothing.
 */
public final class Tracing {

  private final OpenTelemetrySdk sdk;
  private final Tracer tracer;

  private Tracing(OpenTelemetrySdk sdk) {
    this.sdk = sdk;
    this.tracer = sdk == null ? OpenTelemetry.noop().getTracer("mcp-fleet") : sdk.getTracer("mcp-fleet");
  }

  public static Tracing create(String otlpEndpoint, String serviceName) {
    if (otlpEndpoint == null || otlpEndpoint.isBlank()) {
      return new Tracing(null);
    }
    String base = otlpEndpoint.endsWith("/") ? otlpEndpoint.substring(0, otlpEndpoint.length() - 1) : otlpEndpoint;
    OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder().setEndpoint(base + "/v1/traces").build();
    SdkTracerProvider provider = SdkTracerProvider.builder()
        .setResource(Resource.getDefault().merge(Resource.create(
            Attributes.of(AttributeKey.stringKey("service.name"), serviceName))))
        .addSpanProcessor(BatchSpanProcessor.builder(exporter).setScheduleDelay(1, TimeUnit.SECONDS).build())
        .build();
    return new Tracing(OpenTelemetrySdk.builder()
        .setTracerProvider(provider)
        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
        .build());
  }

  public boolean enabled() {
    return sdk != null;
  }

  /** Creates the Vert.x instance, with its tracer when tracing is on. */
  public Vertx createVertx(VertxOptions options) {
    if (sdk == null) {
      return Vertx.vertx(options);
    }
    return Vertx.builder()
        .with(options.setTracingOptions(new OpenTelemetryOptions()))
        .withTracer(new OpenTelemetryTracingFactory(sdk))
        .build();
  }

  public Tracer tracer() {
    return tracer;
  }

  public void close() {
    if (sdk != null) {
      sdk.getSdkTracerProvider().forceFlush().join(5, TimeUnit.SECONDS);
      sdk.close();
    }
  }
}
