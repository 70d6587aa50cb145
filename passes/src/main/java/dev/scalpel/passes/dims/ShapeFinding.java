package dev.scalpel.passes.dims;

/**
 * Something about a model's shapes that a user must know after its dims changed.
 *
 * @param kind how bad it is
 * @param node the node it is about ({@code Node.describe()}), or empty for the whole graph
 * @param message one line, naming values and dims
 */
public record ShapeFinding(Kind kind, String node, String message) {
  /** How bad a finding is. */
  public enum Kind {
    /** The graph cannot run with these dims (a Reshape target that cannot hold the input). */
    CONTRADICTION,
    /** The graph runs only for some values of a symbolic dim (a Reshape that needs batch = 1). */
    CONDITIONAL,
    /** MakeDynamic could not prove that the rewritten model handles the dim everywhere. */
    UNPROVEN
  }

  @Override
  public String toString() {
    return kind.name().toLowerCase(java.util.Locale.ROOT) + ": " + (node.isEmpty() ? "" : node + ": ") + message;
  }
}
