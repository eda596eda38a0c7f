package io.mcpfleet.server.tools;

import java.util.function.Consumer;

/**
 * What a tool handler may use besides its arguments: a way to report progress (a no-op when the client
 * asked for none) and the request's cancellation signal.
 */
public record ToolCallContext(Consumer<Progress> progress, Cancellation cancellation) {

  /** One progress report; {@code total} may be null when unknown. */
  public record Progress(double progress, Double total, String message) {}

  public void report(double progress, Double total, String message) {
    progress().accept(new Progress(progress, total, message));
  }
}
