package dev.scalpel.runtime;

/**
 * The first node of the rewritten model whose output differs from the original's tensor of the
 * same name: the node's name (may be empty) and op type, the tensor, and how it differs.
 */
public record Divergence(String nodeName, String opType, String tensor, TensorDiff diff) {
  /** Largest absolute error of the tensor (0 when shapes differ and nothing was compared). */
  public double maxAbsError() {
    return diff.maxAbsError();
  }

  @Override
  public String toString() {
    return opType + " '" + nodeName + "' output '" + tensor + "': " + diff.summary();
  }
}
