package dev.scalpel.opset.lint;

import dev.scalpel.graph.Finding;

/** The rules {@link ModelLinter} checks, each with a stable kebab-case id and a fixed severity. */
public enum LintRule implements Finding.Rule {
  /** The model imports no version of the default ONNX domain (and uses none of its operators). */
  DEFAULT_OPSET_MISSING("default-opset-missing", Finding.Severity.WARNING),
  /** A node's domain is not imported by the model or the function it is in. */
  UNDECLARED_DOMAIN("undeclared-domain", Finding.Severity.ERROR),
  /** The IR version is older than the imported default opset needs. */
  IR_VERSION_TOO_OLD("ir-version-too-old", Finding.Severity.ERROR),
  /** An imported opset is newer than the newest version the schemas know. */
  OPSET_NEWER_THAN_SCHEMAS("opset-newer-than-schemas", Finding.Severity.WARNING),
  /** An operator of an ONNX domain that no version of the domain defines. */
  UNKNOWN_OP("unknown-op", Finding.Severity.ERROR),
  /** An operator of a custom domain with no schema and no model-local function. */
  UNKNOWN_CUSTOM_OP("unknown-custom-op", Finding.Severity.WARNING),
  /** An operator that the imported opset version predates. */
  OP_NOT_YET_DEFINED("op-not-yet-defined", Finding.Severity.ERROR),
  /** An operator that the imported opset version marks deprecated. */
  DEPRECATED_OP("deprecated-op", Finding.Severity.WARNING),
  /** Too few or too many inputs. */
  INPUT_COUNT("input-count", Finding.Severity.ERROR),
  /** An input that cannot be omitted is omitted. */
  REQUIRED_INPUT_OMITTED("required-input-omitted", Finding.Severity.ERROR),
  /** Too few or too many outputs. */
  OUTPUT_COUNT("output-count", Finding.Severity.ERROR),
  /** An output that cannot be omitted is omitted. */
  REQUIRED_OUTPUT_OMITTED("required-output-omitted", Finding.Severity.ERROR),
  /** An attribute the schema does not declare. */
  UNKNOWN_ATTRIBUTE("unknown-attribute", Finding.Severity.ERROR),
  /** An attribute of another type than the schema declares. */
  ATTRIBUTE_TYPE("attribute-type", Finding.Severity.ERROR),
  /** A required attribute is not set. */
  MISSING_ATTRIBUTE("missing-attribute", Finding.Severity.ERROR),
  /** An input or output whose known type the schema does not allow there. */
  TYPE_CONSTRAINT("type-constraint", Finding.Severity.ERROR),
  /** Inputs or outputs bound to one type parameter have different types. */
  TYPE_BINDING("type-binding", Finding.Severity.ERROR);

  private final String id;
  private final Finding.Severity severity;

  LintRule(String id, Finding.Severity severity) {
    this.id = id;
    this.severity = severity;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Finding.Severity severity() {
    return severity;
  }
}
