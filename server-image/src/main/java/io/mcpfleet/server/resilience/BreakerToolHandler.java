package io.mcpfleet.server.resilience;

import io.mcpfleet.server.mcp.JsonRpc;
import io.mcpfleet.server.mcp.McpException;
import io.mcpfleet.server.tools.ToolCallContext;
import io.mcpfleet.server.tools.ToolHandler;
import io.mcpfleet.server.tools.ToolResult;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * Puts a tool behind a circuit breaker: after {@code failureThreshold} failures in a row (errors, timeouts,
 * or error results from its backend) the circuit opens and calls are refused at once with a clear error,
 * until {@code resetTimeout} has passed and one trial call is let through (half-open).
 */
public final class BreakerToolHandler implements ToolHandler {

  private final String tool;
  private final ToolHandler delegate;
  private final CircuitBreaker breaker;
  private final long resetSeconds;

  public BreakerToolHandler(Vertx vertx, String tool, ToolHandler delegate, int failureThreshold, Duration resetTimeout) {
    this.tool = tool;
    this.delegate = delegate;
    this.resetSeconds = Math.max(1, resetTimeout.toSeconds());
    this.breaker = CircuitBreaker.create("tool:" + tool, vertx, new CircuitBreakerOptions()
            .setMaxFailures(failureThreshold)
            .setResetTimeout(resetTimeout.toMillis())
            .setTimeout(-1)); // the dispatcher owns timeouts; a timed-out call fails here and counts
  }

  @Override
  public Future<ToolResult> call(JsonObject arguments, ToolCallContext context) {
    // An error result (the backend answered 5xx, timed out, was unreachable) counts as a failure for the
    // breaker, yet the caller still gets that result with its explanation.
    // A call the client cancelled says nothing about the backend's health: it must not count, or any caller
    // could open the circuit for everyone by cancelling a few calls.
    return breaker.<ToolResult>execute(() -> delegate.call(arguments, context)
            .compose(r -> r.isError() && !cancelledByClient(context)
                ? Future.failedFuture(new FailedResult(r)) : Future.succeededFuture(r)))
        .recover(err -> {
          if (err instanceof FailedResult failed) {
            return Future.succeededFuture(failed.result);
          }
          if (err instanceof OpenCircuitException) {
            return Future.failedFuture(new McpException(200, JsonRpc.CIRCUIT_OPEN,
                "Tool " + tool + " is temporarily unavailable: its backend failed repeatedly; retry in about "
                    + resetSeconds + "s",
                new JsonObject().put("tool", tool).put("retryAfterSeconds", resetSeconds)));
          }
          return Future.failedFuture(err);
        });
  }

  private static boolean cancelledByClient(ToolCallContext context) {
    return context.cancellation().isCancelled() && !"timeout".equals(context.cancellation().reason());
  }

  private static final class FailedResult extends RuntimeException {
    final transient ToolResult result;

    FailedResult(ToolResult result) {
      super(null, null, false, false);
      this.result = result;
    }
  }

  public CircuitBreakerState state() {
    return breaker.state();
  }

  public String tool() {
    return tool;
  }
}
