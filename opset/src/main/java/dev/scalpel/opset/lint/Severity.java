package dev.scalpel.opset.lint;

/** How bad a {@link LintFinding} is: an error makes a model invalid; a warning is worth a look. */
public enum Severity {
  /** The model breaks the ONNX specification; runtimes may refuse it. */
  ERROR,
  /** Legal but suspect, or not checkable here (a custom operator, a deprecated one). */
  WARNING;

  /** {@code error} or {@code warning}, as printed. */
  public String label() {
    return this == ERROR ? "error" : "warning";
  }
}
