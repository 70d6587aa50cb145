package dev.scalpel.passes.dims;

import dev.scalpel.graph.Finding;

/** What the shape checks after a change of dims report, as {@link Finding}s of these rules. */
public final class ShapeCheck {
  /** The graph cannot run with these dims (a Reshape target that cannot hold the input). */
  public static final Finding.Rule CONTRADICTION = new Finding.Check("contradiction", Finding.Severity.ERROR);
  /** The graph runs only for some values of a symbolic dim (a Reshape that needs batch = 1). */
  public static final Finding.Rule CONDITIONAL = new Finding.Check("conditional", Finding.Severity.WARNING);
  /** MakeDynamic could not prove that the rewritten model handles the dim everywhere. */
  public static final Finding.Rule UNPROVEN = new Finding.Check("unproven", Finding.Severity.WARNING);

  private ShapeCheck() {}
}
