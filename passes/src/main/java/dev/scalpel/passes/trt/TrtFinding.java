package dev.scalpel.passes.trt;

import java.util.Objects;

/**
 * One thing a model does that TensorRT's ONNX parser refuses or treats specially.
 *
 * @param rule id of the rule that found it, such as {@code trt-unsupported-op}
 * @param severity how much it matters
 * @param node the node, as {@code Node.describe()} names it, or "" for model-wide findings
 * @param tensor the tensor concerned, or ""
 * @param message what is wrong, with the facts that show it
 * @param hint what to do about it
 */
public record TrtFinding(String rule, TrtSeverity severity, String node, String tensor, String message, String hint) {
  public TrtFinding {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(severity, "severity");
    node = node == null ? "" : node;
    tensor = tensor == null ? "" : tensor;
    Objects.requireNonNull(message, "message");
    hint = hint == null ? "" : hint;
  }

  /** {@code error [trt-unsupported-op] Unique 'u': ... (fix: ...)}. */
  @Override
  public String toString() {
    return severity.label() + " [" + rule + "] " + (node.isEmpty() ? "" : node + ": ") + message
        + (hint.isEmpty() ? "" : " (fix: " + hint + ")");
  }
}
