package io.mcpfleet.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.mcpfleet.operator.testing.Repo;

/**
 * docs/crd-reference.md is generated from the committed CRD: every field, its type, default, constraints and
 * description. Fails when it is stale; -Dcrds.update=true (make bundle) rewrites it.
 */
class CrdReferenceTest {

    @Test
    void referenceDocumentMatchesTheCrd() throws Exception {
        JsonNode crd = new YAMLMapper().readTree(Files.readString(Repo.crd()));
        String generated = render(crd);
        Path doc = Repo.root().resolve("docs/crd-reference.md");
        if (Boolean.getBoolean("crds.update")) {
            Files.writeString(doc, generated);
        }
        assertThat(doc).exists();
        assertThat(Files.readString(doc)).as("docs/crd-reference.md is stale: run `make bundle` and commit it")
                .isEqualTo(generated);
    }

    static String render(JsonNode crd) {
        JsonNode version = crd.at("/spec/versions/0");
        JsonNode schema = version.at("/schema/openAPIV3Schema/properties");
        StringBuilder md = new StringBuilder();
        md.append("# McpServer reference (`mcpfleet.io/").append(version.get("name").asText()).append("`)\n\n");
        md.append("""
                Generated from `crds/mcpservers.mcpfleet.io-v1.yml` (itself generated from the Java classes in
                `operator/src/main/java/io/mcpfleet/operator/api/`) by `CrdReferenceTest`; do not edit by hand, run
                `make bundle`. The same text is what `kubectl explain mcpserver.spec...` prints.

                `kind: McpServer`, plural `mcpservers`, short name `mcps`, namespaced; subresources `status` and
                `scale` (`kubectl scale mcps/NAME --replicas=N` while autoscaling is off). Durations are strings like
                `500ms`, `30s`, `5m`, `1h`. Blocks without a default (autoscaling, ingress, tls, upstream, ...) are off
                until you set them.

                """);
        List<String[]> rules = new ArrayList<>();
        for (String top : List.of("spec", "status")) {
            md.append("## ").append(top).append("\n\n| field | type | default | description |\n|---|---|---|---|\n");
            walk(schema.get(top), top, Set.of(), md, rules);
            md.append('\n');
        }
        md.append("## Validation rules (CEL)\n\nChecked by the API server on `kubectl apply`; the operator checks the same rules"
                + " and reports a `Degraded` condition with reason `InvalidSpec` if an invalid spec slips through.\n\n"
                + "| on | rule | message |\n|---|---|---|\n");
        for (String[] r : rules) {
            md.append("| `").append(r[0]).append("` | `").append(r[1].replace("|", "\\|")).append("` | ").append(r[2])
                    .append(" |\n");
        }
        md.append("\n## Printer columns\n\n| column | JSON path |\n|---|---|\n");
        for (JsonNode c : version.get("additionalPrinterColumns")) {
            md.append("| ").append(c.get("name").asText()).append(" | `").append(c.get("jsonPath").asText())
                    .append("` |\n");
        }
        return md.toString();
    }

    static void walk(JsonNode node, String path, Set<String> required, StringBuilder md, List<String[]> rules) {
        for (JsonNode rule : node.path("x-kubernetes-validations")) {
            rules.add(new String[] { path, rule.get("rule").asText(), rule.get("message").asText() });
        }
        Set<String> req = new HashSet<>();
        node.path("required").forEach(r -> req.add(r.asText()));
        Iterator<Map.Entry<String, JsonNode>> props = node.path("properties").fields();
        while (props.hasNext()) {
            var p = props.next();
            String child = path + "." + p.getKey();
            JsonNode s = p.getValue();
            md.append("| `").append(child).append("`").append(req.contains(p.getKey()) ? " (required)" : "")
                    .append(" | ").append(type(s)).append(" | ")
                    .append(s.has("default") ? "`" + s.get("default").asText() + "`" : "").append(" | ")
                    .append(description(s)).append(" |\n");
            JsonNode items = s.path("items");
            if ("array".equals(s.path("type").asText()) && items.has("properties")) {
                walk(items, child + "[]", Set.of(), md, rules);
            } else if (s.has("properties")) {
                walk(s, child, Set.of(), md, rules);
            } else if (s.has("x-kubernetes-validations")) {
                walk(s, child, Set.of(), md, rules);
            }
            if (items.has("x-kubernetes-validations") && !items.has("properties")) {
                walk(items, child + "[]", Set.of(), md, rules);
            }
        }
    }

    static String type(JsonNode s) {
        if (s.path("x-kubernetes-preserve-unknown-fields").asBoolean() && !s.has("type")) {
            return "any JSON";
        }
        if (s.path("x-kubernetes-int-or-string").asBoolean()) {
            return "int or string";
        }
        String type = s.path("type").asText();
        if ("array".equals(type)) {
            JsonNode items = s.path("items");
            return items.has("properties") ? "list of objects" : "list of " + type(items);
        }
        if ("object".equals(type) && s.has("additionalProperties")) {
            return "map of " + type(s.get("additionalProperties"));
        }
        return type;
    }

    static String description(JsonNode s) {
        List<String> extra = new ArrayList<>();
        if (s.has("pattern")) {
            extra.add("pattern `" + s.get("pattern").asText().replace("|", "\\|") + "`");
        }
        if (s.has("minimum")) {
            extra.add("min " + s.get("minimum").asLong());
        }
        if (s.has("maximum")) {
            extra.add("max " + s.get("maximum").asLong());
        }
        if (s.has("maxItems")) {
            extra.add("at most " + s.get("maxItems").asLong() + " items");
        }
        if (s.has("maxLength")) {
            extra.add("at most " + s.get("maxLength").asLong() + " characters");
        }
        String text = s.path("description").asText("").replace("|", "\\|").replace("\n", " ");
        return extra.isEmpty() ? text : text + (text.isEmpty() ? "" : " ") + "(" + String.join(", ", extra) + ")";
    }
}
