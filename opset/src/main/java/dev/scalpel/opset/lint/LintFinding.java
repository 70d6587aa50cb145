package dev.scalpel.opset.lint;

import java.util.Objects;

/**
 * One rule a model breaks.
 *
 * @param severity the rule's severity
 * @param rule the rule broken
 * @param location the graph, as {@code GraphVerifier} names it: {@code graph 'main'}, {@code graph
 *     'main' > If 'cond'.then_branch}, {@code function custom.MyFn}, or {@code model} for rules of
 *     the whole model
 * @param node the node, as {@code Node.describe()} names it ({@code Conv 'conv1'}, {@code Relu
 *     producing 'y'}); empty for findings about a graph or the model
 * @param message what is wrong, with the facts that show it
 */
public record LintFinding(Severity severity, LintRule rule, String location, String node, String message) {
  public LintFinding {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(message, "message");
  }

  /** A finding of {@code rule} with the rule's severity. */
  public static LintFinding of(LintRule rule, String location, String node, String message) {
    return new LintFinding(rule.severity(), rule, location, node, message);
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** {@code error [input-count] graph 'main' > Conv 'c1': ...}. */
  @Override
  public String toString() {
    return severity.label() + " [" + rule.id() + "] " + location + (node.isEmpty() ? "" : " > " + node)
        + ": " + message;
  }
}
