package dev.scalpel.opset.infer;

import dev.scalpel.graph.Finding;

/**
 * What shape inference reports, as {@link Finding}s with these rule ids: a contradiction inside a
 * node or a failed rule ({@link #FAILED}), an inferred type that conflicts with a declared one
 * ({@link #CONFLICT}), or an operator it has no rule for ({@link #NO_RULE}).
 */
public enum InferenceCheck {
  FAILED("inference-failed", Finding.Severity.ERROR),
  CONFLICT("conflict", Finding.Severity.WARNING),
  NO_RULE("no-rule", Finding.Severity.INFO);

  private final String id;
  private final Finding.Severity severity;

  InferenceCheck(String id, Finding.Severity severity) {
    this.id = id;
    this.severity = severity;
  }

  public String id() {
    return id;
  }

  /** A finding of this check at {@code node} ({@code Node.describe()}, or "") about {@code value} (or ""). */
  public Finding at(String node, String value, String message) {
    return new Finding(severity, id, "", node, value, message, "");
  }

  /** Whether {@code f} is a finding of this check. */
  public boolean matches(Finding f) {
    return f.rule().equals(id);
  }
}
