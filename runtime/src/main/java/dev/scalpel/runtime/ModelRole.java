package dev.scalpel.runtime;

/**
 * Which model ONNX Runtime is given: a side of a comparison, or a region that folding evaluates;
 * used in messages and exceptions.
 */
public enum ModelRole {
  ORIGINAL("original"),
  REWRITTEN("rewritten"),
  /** The small model of a constant region that folding hands to ONNX Runtime. */
  FOLD_REGION("constant-region");

  private final String label;

  ModelRole(String label) {
    this.label = label;
  }

  /** Lower-case name for messages: {@code original}, {@code rewritten}, {@code constant-region}. */
  public String label() {
    return label;
  }
}
