package dev.scalpel.passes.dims;

import dev.scalpel.graph.Finding;

/**
 * What the shape checks after a change of dims report, as {@link Finding}s with these rule ids.
 */
public enum ShapeCheck implements Finding.Rule {
  /** The graph cannot run with these dims (a Reshape target that cannot hold the input). */
  CONTRADICTION("contradiction", Finding.Severity.ERROR),
  /** The graph runs only for some values of a symbolic dim (a Reshape that needs batch = 1). */
  CONDITIONAL("conditional", Finding.Severity.WARNING),
  /** MakeDynamic could not prove that the rewritten model handles the dim everywhere. */
  UNPROVEN("unproven", Finding.Severity.WARNING);

  private final String id;
  private final Finding.Severity severity;

  ShapeCheck(String id, Finding.Severity severity) {
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
