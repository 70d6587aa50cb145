package dev.scalpel.runtime;

/**
 * A difference between the two models' inputs or outputs.
 *
 * <p>{@code fatal} issues make the check fail: the rewritten model needs an input the original
 * does not have, declares an input with another element type, or lacks one of the original's
 * outputs. Other issues are reported only: the rewritten model no longer takes an input (it is fed
 * only what it declares) or has an extra output (not compared).
 */
public record SignatureIssue(Kind kind, String name, boolean fatal, String message) {
  /** What kind of difference. */
  public enum Kind {
    INPUT_ONLY_IN_REWRITTEN,
    INPUT_ONLY_IN_ORIGINAL,
    INPUT_TYPE_DIFFERS,
    OUTPUT_ONLY_IN_ORIGINAL,
    OUTPUT_ONLY_IN_REWRITTEN
  }

  @Override
  public String toString() {
    return (fatal ? "error: " : "note: ") + message;
  }
}
