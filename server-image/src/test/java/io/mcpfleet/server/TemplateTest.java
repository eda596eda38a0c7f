package io.mcpfleet.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpfleet.server.tools.Template;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class TemplateTest {

  private final JsonObject args = new JsonObject().put("city", "a b/c?").put("n", 4)
      .put("user", new JsonObject().put("id", "u1")).put("list", new JsonArray().add(1));

  @Test
  void rendersEachEncoding() {
    assertThat(Template.compile("{{city}}").render(args, Template.Encoding.RAW)).isEqualTo("a b/c?");
    assertThat(Template.compile("q={{city}}").render(args, Template.Encoding.URL)).isEqualTo("q=a%20b%2Fc%3F");
    assertThat(Template.compile("{{ user.id }}-{{n}}").render(args, Template.Encoding.RAW)).isEqualTo("u1-4");
    assertThat(Template.compile("[{{missing}}]").render(args, Template.Encoding.RAW)).isEqualTo("[]");
    assertThat(Template.compile("{{list}}").render(args, Template.Encoding.RAW)).isEqualTo("[1]");
    assertThat(Template.compile("/users/{{id}}/x").render(new JsonObject().put("id", ".."), Template.Encoding.URL))
        .as("no dot segments through arguments").isEqualTo("/users/%2E%2E/x");
    assertThat(Template.compile("/f/{{id}}").render(new JsonObject().put("id", "a.b"), Template.Encoding.URL)).isEqualTo("/f/a.b");
    assertThat(Template.compile("x-{{city}}").render(new JsonObject().put("city", "\r\nEvil: 1"), Template.Encoding.HEADER))
        .isEqualTo("x-Evil: 1");
  }

  @Test
  void wholePlaceholdersKeepJsonTypes() {
    Object out = Template.renderJson(new JsonObject().put("n", "{{n}}").put("s", "n={{n}}").put("nested", new JsonArray().add("{{user}}")), args);
    JsonObject o = (JsonObject) out;
    assertThat(o.getValue("n")).isEqualTo(4);
    assertThat(o.getString("s")).isEqualTo("n=4");
    assertThat(o.getJsonArray("nested").getJsonObject(0).getString("id")).isEqualTo("u1");
  }

  @Test
  void constantTemplatesAreRecognised() {
    assertThat(Template.compile("plain").isConstant()).isTrue();
    assertThat(Template.compile("a{{b}}").isConstant()).isFalse();
  }
}
