package io.mcpfleet.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.ValidationRule;

/** Fixed content: text with {{arg}} templates, or a JSON value returned as structuredContent. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.text) != has(self.json)", message = "static needs exactly one of text or json")
public record StaticHandler(
        @JsonPropertyDescription("Text result; {{arg}} is replaced by the argument's value, {{a.b}} reaches into objects.")
        String text,

        @PreserveUnknownFields
        @JsonPropertyDescription("JSON result, returned as structuredContent and as its text form; string values are templates.")
        JsonNode json) {
}
