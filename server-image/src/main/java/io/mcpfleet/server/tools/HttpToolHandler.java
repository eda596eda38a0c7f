package io.mcpfleet.server.tools;

import io.mcpfleet.server.config.ToolSpec;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code http}: calls an HTTP API with the arguments templated into URL, query, headers and body, and maps
 * the response to a tool result. A failure of the API (status, timeout, unreachable) is a tool error the
 * model can read, not a protocol error.
 */
final class HttpToolHandler implements ToolHandler {

  static final int MAX_RESPONSE_BYTES = 4 << 20;
  private static final int MAX_ERROR_TEXT = 500;

  private final Vertx vertx;
  private final HttpClient client;
  private final HttpMethod method;
  private final Template url;
  private final Map<String, Template> query = new LinkedHashMap<>();
  private final Map<String, Template> headers = new LinkedHashMap<>();
  private final Object body;
  private final Path secretDir;

  HttpToolHandler(Vertx vertx, HttpClient client, ToolSpec.HttpHandler spec, Path secretsRoot) {
    this.vertx = vertx;
    this.client = client;
    this.method = HttpMethod.valueOf(spec.method());
    this.url = Template.compile(spec.url());
    spec.query().forEach((k, v) -> query.put(k, Template.compile(v)));
    spec.headers().forEach((k, v) -> headers.put(k, Template.compile(v)));
    this.body = spec.body();
    this.secretDir = spec.headersFromSecret() == null ? null : secretsRoot.resolve(spec.headersFromSecret());
  }

  @Override
  public Future<ToolResult> call(JsonObject args, ToolCallContext context) {
    StringBuilder uri = new StringBuilder(url.render(args, Template.Encoding.URL));
    char sep = uri.indexOf("?") >= 0 ? '&' : '?';
    for (var q : query.entrySet()) {
      uri.append(sep).append(encode(q.getKey())).append('=')
          .append(q.getValue().render(args, Template.Encoding.URL));
      sep = '&';
    }
    RequestOptions options = new RequestOptions().setMethod(method).setAbsoluteURI(uri.toString());
    MultiMap outHeaders = MultiMap.caseInsensitiveMultiMap();
    headers.forEach((k, v) -> outHeaders.set(k, v.render(args, Template.Encoding.HEADER)));
    Buffer payload = null;
    if (body instanceof String s) {
      payload = Buffer.buffer(Template.compile(s).render(args, Template.Encoding.RAW));
    } else if (body != null) {
      payload = Buffer.buffer(Json.encode(Template.renderJson(body, args)));
      if (!outHeaders.contains("Content-Type")) {
        outHeaders.set("Content-Type", "application/json");
      }
    }
    if (!outHeaders.contains("Accept")) {
      outHeaders.set("Accept", "application/json, text/plain;q=0.9, */*;q=0.5");
    }
    Buffer finalPayload = payload;
    return secretHeaders()
        .compose(secrets -> {
          outHeaders.addAll(secrets);
          options.setHeaders(outHeaders);
          return send(options, finalPayload, context);
        })
        .recover(err -> Future.succeededFuture(ToolResult.error(describe(err, context))));
  }

  private Future<ToolResult> send(RequestOptions options, Buffer payload, ToolCallContext context) {
    AtomicReference<io.vertx.core.http.HttpClientRequest> inFlight = new AtomicReference<>();
    context.cancellation().onCancel(() -> {
      var req = inFlight.get();
      if (req != null) {
        req.reset();
      }
    });
    context.report(0.5, 1.0, "calling " + method + " " + options.getHost());
    return client.request(options)
        .compose(req -> {
          inFlight.set(req);
          if (context.cancellation().isCancelled()) {
            req.reset();
          }
          return payload == null ? req.send() : req.send(payload);
        })
        .compose(this::readBody);
  }

  private Future<ToolResult> readBody(HttpClientResponse response) {
    String length = response.getHeader("Content-Length");
    if (length != null && length.matches("\\d+") && Long.parseLong(length) > MAX_RESPONSE_BYTES) {
      response.request().reset();
      return Future.succeededFuture(ToolResult.error("The API response is larger than " + MAX_RESPONSE_BYTES + " bytes"));
    }
    return response.body().map(buf -> {
      String text = buf.toString(StandardCharsets.UTF_8);
      int status = response.statusCode();
      if (status < 200 || status > 299) {
        return ToolResult.error("The API answered HTTP " + status + ": " + truncate(text));
      }
      String type = response.getHeader("Content-Type");
      if (type != null && type.toLowerCase().contains("json")) {
        try {
          Object parsed = Json.decodeValue(buf);
          if (parsed instanceof JsonObject o) {
            return new ToolResult(text, o, false);
          }
        } catch (RuntimeException notJson) {
          // fall through: return the body as text
        }
      }
      return ToolResult.text(text);
    });
  }

  private Future<MultiMap> secretHeaders() {
    MultiMap out = MultiMap.caseInsensitiveMultiMap();
    if (secretDir == null) {
      return Future.succeededFuture(out);
    }
    var fs = vertx.fileSystem();
    return fs.readDir(secretDir.toString())
        .recover(err -> Future.failedFuture(new IllegalStateException(
            "the Secret '" + secretDir.getFileName() + "' named in headersFrom is not mounted")))
        .compose(files -> {
          Future<Void> all = Future.succeededFuture();
          for (String file : files) {
            String name = Path.of(file).getFileName().toString();
            if (name.startsWith(".")) {
              continue; // kubelet's ..data symlinks
            }
            all = all.compose(v -> fs.readFile(file).map(b -> {
              out.set(name, b.toString().trim());
              return null;
            }));
          }
          return all.map(out);
        });
  }

  private String describe(Throwable err, ToolCallContext context) {
    if (context.cancellation().isCancelled()) {
      return "The call was cancelled";
    }
    if (err instanceof IllegalStateException) {
      return "The tool is misconfigured: " + err.getMessage();
    }
    // Connection errors name host and port only; never echo headers (they may carry secrets).
    return "The API could not be reached: " + err.getClass().getSimpleName()
        + (err.getMessage() == null ? "" : " (" + truncate(err.getMessage()) + ")");
  }

  private static String encode(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String truncate(String s) {
    return s.length() <= MAX_ERROR_TEXT ? s : s.substring(0, MAX_ERROR_TEXT) + "…";
  }
}
