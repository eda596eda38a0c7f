package io.mcpfleet.server.tools;

import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaException;
import io.vertx.json.schema.Validator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Validates JSON values against a JSON Schema (draft 2020-12, the dialect MCP tool schemas use). */
public final class SchemaValidator {

  private final Validator validator;

  private SchemaValidator(Validator validator) {
    this.validator = validator;
  }

  /**
   * Compiles a schema; throws {@link IllegalArgumentException} with a readable message when the schema
   * itself is broken, so start-up can name the key.
   */
  public static SchemaValidator compile(JsonObject schema, String baseUri) {
    try {
      Validator v =
          Validator.create(
              JsonSchema.of(schema.copy()), // the library annotates the JSON it is given; tools/list must show the original
              new JsonSchemaOptions()
                  .setDraft(Draft.DRAFT202012)
                  .setBaseUri(baseUri)
                  .setOutputFormat(OutputFormat.Basic));
      v.validate(new JsonObject()); // fail now on schemas that only break when used
      return new SchemaValidator(v);
    } catch (SchemaException | IllegalArgumentException | IllegalStateException e) {
      throw new IllegalArgumentException("not a valid JSON Schema: " + e.getMessage());
    }
  }

  /** Empty when valid, else one readable line per violation ({@code /city: ...}). */
  public Optional<String> check(Object value) {
    OutputUnit unit;
    try {
      unit = validator.validate(value);
    } catch (SchemaException e) {
      return Optional.of("schema error: " + e.getMessage());
    }
    if (Boolean.TRUE.equals(unit.getValid())) {
      return Optional.empty();
    }
    List<OutputUnit> errors = unit.getErrors() == null || unit.getErrors().isEmpty() ? List.of(unit) : unit.getErrors();
    // The library also reports every enclosing keyword that failed because of a nested one ("does not
    // match schema"); those say nothing more, so keep them only when there is nothing more specific.
    List<OutputUnit> specific = errors.stream().filter(e -> e.getError() != null && !e.getError().contains("does not match")).toList();
    return Optional.of(
        (specific.isEmpty() ? errors : specific).stream()
            .map(e -> (e.getInstanceLocation() == null || e.getInstanceLocation().isEmpty() ? "/" : e.getInstanceLocation())
                + ": " + e.getError())
            .distinct()
            .collect(Collectors.joining("; ")));
  }
}
