package dev.scalpel.opset.eval;

import dev.scalpel.opset.OpId;

/**
 * A kernel could not evaluate its node: invalid inputs (shapes that do not broadcast, an index out
 * of range, integer division by zero), an unsupported element type, or an output larger than the
 * caller's budget. The message names the operator and the reason.
 */
public final class EvaluationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient OpId op;
  private final String reason;

  public EvaluationException(OpId op, String reason) {
    super(op + ": " + reason);
    this.op = op;
    this.reason = reason;
  }

  /** The operator that failed. */
  public OpId op() {
    return op;
  }

  /** Why, without the operator's name. */
  public String reason() {
    return reason;
  }
}
