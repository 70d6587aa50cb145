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
  private final boolean unsupported;

  public EvaluationException(OpId op, String reason) {
    this(op, reason, false);
  }

  /**
   * @param unsupported whether the kernel does not implement this case (an element type it does not
   *     hold), which another evaluator may; false where the result is invalid, undefined or over a budget
   */
  public EvaluationException(OpId op, String reason, boolean unsupported) {
    super(op + ": " + reason);
    this.op = op;
    this.reason = reason;
    this.unsupported = unsupported;
  }

  /** Whether the kernel only lacks support for this case, so that another evaluator may try it. */
  public boolean unsupported() {
    return unsupported;
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
