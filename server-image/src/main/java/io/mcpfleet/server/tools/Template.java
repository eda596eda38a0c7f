package io.mcpfleet.server.tools;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A string with {@code {{arg}}} / {@code {{a.b}}} placeholders, compiled once at start-up and rendered per
 * call. Each place a value lands in decides its encoding, so an argument can never break out of it.
 */
public final class Template {

  /** How a value is written where it lands. */
  public enum Encoding {
    RAW(s -> s),
    /** Also encodes a value that is only dots, so an argument cannot be a {@code ..} path segment. */
    URL(s -> s.chars().allMatch(c -> c == '.') && !s.isEmpty() ? s.replace(".", "%2E")
        : URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20")),
    /** Header values: control characters (CR/LF) are dropped so an argument cannot add a header. */
    HEADER(s -> s.replaceAll("[\\x00-\\x1f\\x7f]", ""));

    private final UnaryOperator<String> encoder;

    Encoding(UnaryOperator<String> encoder) {
      this.encoder = encoder;
    }
  }

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.-]+)\\s*}}");

  private final List<Object> parts; // String literals and String[] paths
  private final String[] wholePath; // set when the template is exactly one placeholder

  private Template(List<Object> parts) {
    this.parts = parts;
    this.wholePath = parts.size() == 1 && parts.get(0) instanceof String[] p ? p : null;
  }

  public static Template compile(String text) {
    List<Object> parts = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(text);
    int last = 0;
    while (m.find()) {
      if (m.start() > last) {
        parts.add(text.substring(last, m.start()));
      }
      parts.add(m.group(1).split("\\."));
      last = m.end();
    }
    if (last < text.length()) {
      parts.add(text.substring(last));
    }
    return new Template(parts);
  }

  public boolean isConstant() {
    return parts.stream().allMatch(p -> p instanceof String);
  }

  public String render(JsonObject args, Encoding encoding) {
    if (parts.size() == 1 && parts.get(0) instanceof String s) {
      return s;
    }
    StringBuilder sb = new StringBuilder();
    for (Object part : parts) {
      if (part instanceof String s) {
        sb.append(s);
      } else {
        sb.append(encoding.encoder.apply(asText(lookup(args, (String[]) part))));
      }
    }
    return sb.toString();
  }

  /**
   * For JSON bodies: a string that is exactly one placeholder becomes the argument's JSON value (so numbers
   * stay numbers); any other string is rendered as text.
   */
  public Object renderJsonValue(JsonObject args) {
    if (wholePath != null) {
      return lookup(args, wholePath);
    }
    return render(args, Encoding.RAW);
  }

  /** Renders every string inside a JSON value (objects and arrays walked deeply). */
  public static Object renderJson(Object value, JsonObject args) {
    if (value instanceof String s) {
      return compile(s).renderJsonValue(args);
    }
    if (value instanceof JsonObject o) {
      JsonObject out = new JsonObject();
      o.forEach(e -> out.put(e.getKey(), renderJson(e.getValue(), args)));
      return out;
    }
    if (value instanceof JsonArray a) {
      JsonArray out = new JsonArray();
      a.forEach(v -> out.add(renderJson(v, args)));
      return out;
    }
    return value;
  }

  private static Object lookup(JsonObject args, String[] path) {
    Object node = args;
    for (String key : path) {
      if (!(node instanceof JsonObject o)) {
        return null;
      }
      node = o.getValue(key);
    }
    return node;
  }

  private static String asText(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof JsonObject o) {
      return o.encode();
    }
    if (value instanceof JsonArray a) {
      return a.encode();
    }
    return String.valueOf(value);
  }
}
