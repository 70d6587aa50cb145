package dev.scalpel.opset.infer;

import dev.scalpel.graph.Finding;

/**
 * What shape inference reports, as {@link Finding}s with these rule ids: a contradiction inside a
 * node or a failed rule ({@link #FAILED}), an inferred type that conflicts with a declared one
 * ({@link #CONFLICT}), or an operator it has no rule for ({@link #NO_RULE}).
 */
public enum InferenceCheck implements Finding.Rule {
  FAILED("inference-failed", Finding.Severity.ERROR),
  CONFLICT("conflict", Finding.Severity.WARNING),
  NO_RULE("no-rule", Finding.Severity.INFO);

  private final String id;
  private final Finding.Severity severity;

  InferenceCheck(String id, Finding.Severity severity) {
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
