package io.mcpfleet.server.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A typed view of one object in the spec that knows its own path, so that every error names the exact key
 * ({@code spec.tools[2].http.url: must be an http or https URL}).
 */
record Node(String path, JsonObject json) {

  static Node root(String path, JsonObject json) {
    return new Node(path, json == null ? new JsonObject() : json);
  }

  String key(String name) {
    return path + "." + name;
  }

  boolean has(String name) {
    return json.getValue(name) != null;
  }

  Node object(String name) {
    Object v = json.getValue(name);
    if (v == null) {
      return new Node(key(name), new JsonObject());
    }
    if (!(v instanceof JsonObject o)) {
      throw new ConfigException(key(name), "must be an object");
    }
    return new Node(key(name), o);
  }

  JsonObject rawObject(String name) {
    Object v = json.getValue(name);
    if (v == null) {
      return null;
    }
    if (!(v instanceof JsonObject o)) {
      throw new ConfigException(key(name), "must be an object");
    }
    return o;
  }

  List<Node> objects(String name) {
    Object v = json.getValue(name);
    List<Node> out = new ArrayList<>();
    if (v == null) {
      return out;
    }
    if (!(v instanceof JsonArray a)) {
      throw new ConfigException(key(name), "must be a list");
    }
    for (int i = 0; i < a.size(); i++) {
      Object item = a.getValue(i);
      if (!(item instanceof JsonObject o)) {
        throw new ConfigException(key(name) + "[" + i + "]", "must be an object");
      }
      out.add(new Node(key(name) + "[" + i + "]", o));
    }
    return out;
  }

  String string(String name, String fallback) {
    Object v = json.getValue(name);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof String s)) {
      throw new ConfigException(key(name), "must be a string");
    }
    return s;
  }

  String requiredString(String name) {
    String s = string(name, null);
    if (s == null || s.isBlank()) {
      throw new ConfigException(key(name), "is required");
    }
    return s;
  }

  String oneOf(String name, String fallback, Set<String> allowed) {
    String s = string(name, fallback);
    if (s != null && !allowed.contains(s)) {
      throw new ConfigException(key(name), "'" + s + "' is not one of " + allowed);
    }
    return s;
  }

  int integer(String name, int fallback, int min, int max) {
    Object v = json.getValue(name);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
      throw new ConfigException(key(name), "must be a whole number");
    }
    long l = n.longValue();
    if (l < min || l > max) {
      throw new ConfigException(key(name), l + " is out of range [" + min + ", " + max + "]");
    }
    return (int) l;
  }

  boolean bool(String name, boolean fallback) {
    Object v = json.getValue(name);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Boolean b)) {
      throw new ConfigException(key(name), "must be true or false");
    }
    return b;
  }

  Duration duration(String name, Duration fallback) {
    Object v = json.getValue(name);
    if (v == null) {
      return fallback;
    }
    Duration d = Durations.parse(key(name), String.valueOf(v));
    if (d.isZero()) {
      throw new ConfigException(key(name), "must be greater than zero");
    }
    return d;
  }

  List<String> strings(String name) {
    Object v = json.getValue(name);
    List<String> out = new ArrayList<>();
    if (v == null) {
      return out;
    }
    if (!(v instanceof JsonArray a)) {
      throw new ConfigException(key(name), "must be a list of strings");
    }
    for (int i = 0; i < a.size(); i++) {
      if (!(a.getValue(i) instanceof String s)) {
        throw new ConfigException(key(name) + "[" + i + "]", "must be a string");
      }
      out.add(s);
    }
    return out;
  }

  Map<String, String> stringMap(String name) {
    Object v = json.getValue(name);
    Map<String, String> out = new java.util.LinkedHashMap<>();
    if (v == null) {
      return out;
    }
    if (!(v instanceof JsonObject o)) {
      throw new ConfigException(key(name), "must be a map of strings");
    }
    for (var e : o) {
      if (!(e.getValue() instanceof String s)) {
        throw new ConfigException(key(name) + "." + e.getKey(), "must be a string");
      }
      out.put(e.getKey(), s);
    }
    return out;
  }
}
