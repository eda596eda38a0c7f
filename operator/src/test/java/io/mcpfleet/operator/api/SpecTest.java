package io.mcpfleet.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.mcpfleet.operator.api.v1alpha1.McpServerSpec;
import io.mcpfleet.operator.api.v1alpha1.SpecValidator;
import io.mcpfleet.operator.dependent.ServerConfig;
import io.mcpfleet.operator.testing.Repo;

/** The spec model against the CRD and the examples: same defaults, same rules, no unknown keys. */
class SpecTest {

    private static final ObjectMapper YAML = new YAMLMapper();
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    @Test
    void everyExampleParsesStrictlyAndIsValid() throws Exception {
        List<Path> examples = Repo.examples();
        assertThat(examples).isNotEmpty();
        for (Path example : examples) {
            var parser = new YAMLFactory().createParser(example.toFile());
            List<JsonNode> docs = YAML.readValues(parser, JsonNode.class).readAll();
            for (JsonNode doc : docs) {
                if (!"McpServer".equals(doc.path("kind").asText())) {
                    continue;
                }
                assertThat(doc.path("apiVersion").asText()).as(example.toString()).isEqualTo("mcpfleet.io/v1alpha1");
                McpServerSpec spec = STRICT.treeToValue(doc.path("spec"), McpServerSpec.class);
                assertThat(SpecValidator.validate(spec)).as(example + " is invalid").isEmpty();
            }
        }
    }

    @Test
    void codeDefaultsEqualCrdDefaults() throws Exception {
        JsonNode crd = YAML.readTree(Files.readString(Repo.crd()));
        JsonNode specSchema = crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec");
        // The spec records themselves (the pod's config leaves operator-only keys such as replicas out).
        JsonNode rendered = new ObjectMapper().valueToTree(McpServerSpec.empty());
        List<String> checked = new ArrayList<>();
        compareDefaults(specSchema, rendered, "spec", checked);
        // The blocks filled by default in code: replicas, auth, resilience, sessions, observability, budgets...
        assertThat(checked).contains("spec.replicas", "spec.listPageSize", "spec.auth.mode", "spec.resilience.drainTimeout",
                "spec.resilience.maxRequestBodyBytes", "spec.resilience.circuitBreaker.failureThreshold",
                "spec.sessions.store", "spec.observability.logLevel", "spec.podDisruptionBudget.enabled",
                "spec.networkPolicy.ingressControllerNamespace", "spec.networkPolicy.monitoringNamespace");
    }

    private void compareDefaults(JsonNode schema, JsonNode value, String path, List<String> checked) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return; // the block is off by default (e.g. autoscaling): its defaults apply once a user sets it
        }
        if (schema.has("default")) {
            assertThat(value.asText()).as("default of " + path).isEqualTo(schema.get("default").asText());
            checked.add(path);
        }
        Iterator<Map.Entry<String, JsonNode>> props = schema.path("properties").fields();
        while (props.hasNext()) {
            var p = props.next();
            compareDefaults(p.getValue(), value.get(p.getKey()), path + "." + p.getKey(), checked);
        }
    }

    @Test
    void everyCelRuleHasAJavaTwinWithTheSameMessage() throws Exception {
        String crd = Files.readString(Repo.crd());
        List<String> celMessages = new ArrayList<>();
        YAML.readTree(crd).findValues("x-kubernetes-validations")
                .forEach(list -> list.forEach(rule -> celMessages.add(rule.get("message").asText())));
        assertThat(celMessages).hasSizeGreaterThanOrEqualTo(9);

        String bad = """
                tools:
                  - {name: a, static: {text: x}}
                  - {name: a, static: {text: x, json: {}}}
                  - {name: b}
                auth: {mode: oidc}
                tls: {}
                autoscaling: {minReplicas: 5, maxReplicas: 2}
                upstream: {}
                sessions: {store: redis}
                podDisruptionBudget: {minAvailable: 1, maxUnavailable: 1}
                """;
        List<String> errors = SpecValidator.validate(YAML.readValue(bad, McpServerSpec.class));
        String apiKey = "auth: {mode: apiKey}";
        errors = new ArrayList<>(errors);
        errors.addAll(SpecValidator.validate(YAML.readValue(apiKey, McpServerSpec.class)));
        for (String message : celMessages) {
            assertThat(errors).as("Java twin of CEL rule '" + message + "'").anyMatch(e -> e.contains(message));
        }
    }

    @Test
    void validatorExplainsDurationsAndNames() throws Exception {
        McpServerSpec spec = YAML.readValue("""
                tools: [{name: "bad name", static: {text: x}, timeout: soon}]
                resilience: {drainTimeout: 20 seconds}
                """, McpServerSpec.class);
        assertThat(SpecValidator.validate(spec))
                .anyMatch(e -> e.contains("spec.tools[0].name"))
                .anyMatch(e -> e.contains("timeout 'soon' is not a duration"))
                .anyMatch(e -> e.contains("spec.resilience.drainTimeout '20 seconds' is not a duration"));
    }
}
