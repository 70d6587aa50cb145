package dev.scalpel.opset.infer;

/**
 * Something inference noticed: a contradiction inside a node ({@link Kind#ERROR}), an inferred
 * type that conflicts with a declared one ({@link Kind#CONFLICT}), or an operator it has no rule
 * for ({@link Kind#NO_RULE}). {@code node} is {@code Node.describe()} (or "" for graph-level
 * findings), {@code value} the value concerned (or "").
 */
public record InferenceDiagnostic(Kind kind, String node, String value, String message) {
  public enum Kind { ERROR, CONFLICT, NO_RULE }

  @Override
  public String toString() {
    return "[" + kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "] "
        + (node.isEmpty() ? "" : node + ": ") + (value.isEmpty() ? "" : "'" + value + "': ") + message;
  }
}
