package dev.scalpel.opset.infer;

import dev.scalpel.graph.Finding;

/**
 * What shape inference reports, as {@link Finding}s of these rules: a contradiction inside a node
 * or a failed rule ({@link #FAILED}), an inferred type that conflicts with a declared one ({@link
 * #CONFLICT}), or an operator it has no rule for ({@link #NO_RULE}).
 */
public final class InferenceCheck {
  public static final Finding.Rule FAILED = new Finding.Check("inference-failed", Finding.Severity.ERROR);
  public static final Finding.Rule CONFLICT = new Finding.Check("conflict", Finding.Severity.WARNING);
  public static final Finding.Rule NO_RULE = new Finding.Check("no-rule", Finding.Severity.INFO);

  private InferenceCheck() {}
}
