package dev.scalpel.passes.dims;

import dev.scalpel.graph.Finding;

/**
 * What the shape checks after a change of dims report, as {@link Finding}s with these rule ids.
 */
public enum ShapeCheck {
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

  public String id() {
    return id;
  }

  /** A finding of this check at {@code node} ({@code Node.describe()}, or "" for the whole graph). */
  public Finding at(String node, String message) {
    return new Finding(severity, id, "", node, "", message, "");
  }

  /** Whether {@code f} is a finding of this check. */
  public boolean matches(Finding f) {
    return f.rule().equals(id);
  }
}
